"""The FastAPI + scikit-learn peer of the serving benchmark (bench/Inference.Bench).

A model service as a data scientist would typically write it: at start-up each worker reads the Pima Indians
diabetes CSV, fits a RandomForestClassifier on it, and POST /predict answers a label and a probability per class for
each row of a body that is either one row ({"glucose": 148, ...}) or a batch ({"rows": [{...}, ...]}), the bodies
the bench sends to Inference.Service.

    PIMA_CSV=pima-diabetes.csv python3 sklearn_service.py --port 8000 [--workers 2]

Needs Debian's python3-sklearn, python3-pandas, python3-fastapi and python3-uvicorn, with python3-uvloop and
python3-httptools (what uvicorn[standard] brings).
"""
import argparse
import os
import signal
import sys
import threading

import pandas as pd
import uvicorn
from fastapi import Body, FastAPI, HTTPException
from sklearn.ensemble import RandomForestClassifier

LABEL = "diabetes"

app = FastAPI(title="Pima diabetes (scikit-learn)")
model: RandomForestClassifier
features: list


@app.on_event("startup")
def train() -> None:
    global model, features
    data = pd.read_csv(os.environ.get("PIMA_CSV", "pima-diabetes.csv"))
    features = [column for column in data.columns if column != LABEL]
    model = RandomForestClassifier(n_estimators=100, random_state=42)
    model.fit(data[features], data[LABEL])


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
async def predict(body: dict = Body(...)) -> dict:
    rows = body["rows"] if "rows" in body else [body]
    frame = pd.DataFrame(rows, columns=features)
    if frame.isna().any().any():
        raise HTTPException(status_code=422, detail=f"Every row needs the features {features}.")

    probabilities = model.predict_proba(frame)
    classes = model.classes_.tolist()
    labels = model.classes_[probabilities.argmax(axis=1)].tolist()
    return {
        "predictions": [
            {"label": label, "probabilities": dict(zip(classes, row))}
            for label, row in zip(labels, probabilities.tolist())
        ]
    }


def stop_when_stdin_closes() -> None:
    """The bench that starts this service holds its stdin: once that closes, however the bench ended, stop."""
    sys.stdin.buffer.read()
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--exit-with-stdin", action="store_true")
    arguments = parser.parse_args()
    if arguments.exit_with_stdin:
        threading.Thread(target=stop_when_stdin_closes, daemon=True).start()

    uvicorn.run(
        "sklearn_service:app",
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        # With the access log off, info is only start-up and shutdown: the bench counts the workers started.
        log_level="info",
        access_log=False,
    )
