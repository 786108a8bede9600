-- When this service received each label: live accuracy is measured over the labels that came in a window, so labels
-- that arrive late (ground truth usually does) still count in the check that follows their arrival.
ALTER TABLE feedback ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX feedback_by_receipt ON feedback (tenant, model, version, received_at);
