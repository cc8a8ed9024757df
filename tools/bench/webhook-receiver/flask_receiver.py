"""The seed's Segment webhook receiver (Flask + waitress), ported to the official Python
quixstreams 3.x so both receivers publish to the same broker. As the seed: HMAC-SHA1 of the body
in x-signature; unlike the seed (for a fair comparison with ack-before-2xx) the signature is
compared in constant time and the reply waits for Kafka's delivery report.

    KAFKA_BROKERS=127.0.0.1:9092 TOPIC=webhooks-flask SECRET=bench-secret PORT=8090 python flask_receiver.py
"""
import hashlib
import hmac
import json
import os
import threading

from flask import Flask, request
from quixstreams import Application
from waitress import serve

app = Flask(__name__)
secret = os.environ.get("SECRET", "bench-secret").encode()
qx = Application(broker_address=os.environ["KAFKA_BROKERS"], producer_extra_config={"linger.ms": 0})
topic = qx.topic(os.environ.get("TOPIC", "webhooks-flask"), value_serializer="json")
producer = qx.get_producer()
producer.__enter__()
lock = threading.Lock()


@app.route("/webhook", methods=["POST"])
def webhook():
    raw = request.get_data()
    signature = request.headers.get("x-signature", "")
    expected = hmac.new(secret, raw, hashlib.sha1).hexdigest()
    if not hmac.compare_digest(signature, expected):
        return {"error": "unauthorized"}, 401
    try:
        data = json.loads(raw)
    except ValueError:
        return {"error": "bad json"}, 400
    done = threading.Event()
    result = {}

    def on_delivery(err, _msg):
        result["err"] = err
        done.set()

    event = {"Id": data.get("type", "webhook"), "Value": raw.decode(), "Tags": {}}
    with lock:
        producer.produce(topic=topic.name, key="webhooks", value=json.dumps(event).encode(), on_delivery=on_delivery)
        producer.poll(0)
    while not done.wait(0.001):
        with lock:
            producer.poll(0)
    if result.get("err") is not None:
        return {"error": "unavailable"}, 503, {"Retry-After": "5"}
    return {"status": "accepted"}, 200


if __name__ == "__main__":
    serve(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8090")), threads=int(os.environ.get("THREADS", "8")))
