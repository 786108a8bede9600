CREATE TABLE probe_received (
    probe_id uuid PRIMARY KEY,
    text     text NOT NULL
);
