"""Webhook endpoints and deliveries: signed with the endpoint secret (verified by stripe.Webhook.construct_event),
retried with backoff when the receiver fails, and delivered twice or out of order when those switches are on."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import stripe
from simtest import check, control, done, expect_error

received = []
failures_left = {"count": 0}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with lock:
            failing = failures_left["count"] > 0
            if failing:
                failures_left["count"] -= 1
            received.append({"body": body, "signature": self.headers["Stripe-Signature"], "status": 500 if failing else 200})
        self.send_response(500 if failing else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/hooks"


def wait_for(count, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with lock:
            if len(received) >= count:
                return list(received)
        time.sleep(0.02)
    with lock:
        check(False, f"expected {count} deliveries, got {len(received)}")


def clear():
    with lock:
        received.clear()


control("POST", "/_sim/webhooks", {"retry_scale": 0.001})
endpoint = stripe.WebhookEndpoint.create(url=url, enabled_events=["customer.*", "product.created"], description="tests")
secret = endpoint.secret
check(secret.startswith("whsec_"), "the create response carries the secret")
check(endpoint.status == "enabled" and list(endpoint.enabled_events) == ["customer.*", "product.created"], "endpoint fields")
check("secret" not in stripe.WebhookEndpoint.retrieve(endpoint.id), "retrieve never shows the secret")
check([e.id for e in stripe.WebhookEndpoint.list().data] == [endpoint.id], "endpoint list")
expect_error(stripe.InvalidRequestError, lambda: stripe.WebhookEndpoint.create(url="ftp://x", enabled_events=["*"]), status=400)

customer = stripe.Customer.create(name="Hooked")
delivery = wait_for(1)[0]
event = stripe.Webhook.construct_event(delivery["body"].decode(), delivery["signature"], secret)
check(event.type == "customer.created" and event.data.object.id == customer.id, "construct_event verifies a delivery", event.type)
check(event.livemode is False and event.pending_webhooks == 1, "the payload is the event as it stood when sent")
tampered = delivery["body"].replace(b"Hooked", b"Hacked")
try:
    stripe.Webhook.construct_event(tampered.decode(), delivery["signature"], secret)
    check(False, "a tampered body must not verify")
except stripe.SignatureVerificationError:
    pass
try:
    stripe.Webhook.construct_event(delivery["body"].decode(), delivery["signature"], "whsec_wrong")
    check(False, "the wrong secret must not verify")
except stripe.SignatureVerificationError:
    pass
deadline = time.time() + 5
while stripe.Event.retrieve(event.id).pending_webhooks != 0 and time.time() < deadline:
    time.sleep(0.02)
check(stripe.Event.retrieve(event.id).pending_webhooks == 0, "pending_webhooks drops to 0 once delivered")

# Events the endpoint did not ask for are not sent.
clear()
stripe.Product.modify(stripe.Product.create(name="P").id, name="P2")
deliveries = wait_for(1)
time.sleep(0.3)
with lock:
    kinds = [json.loads(d["body"])["type"] for d in received]
check(kinds == ["product.created"], "only enabled event types are delivered", kinds)

# A failing receiver gets retries until it answers 2xx.
clear()
failures_left["count"] = 2
retried = stripe.Customer.modify(customer.id, name="Retried")
deliveries = wait_for(3)
check([d["status"] for d in deliveries[:3]] == [500, 500, 200], "retried after failures", [d["status"] for d in deliveries])
check(len({json.loads(d["body"])["id"] for d in deliveries[:3]}) == 1, "the same event each time")
attempts = control("GET", "/_sim/webhooks/deliveries?event=" + json.loads(deliveries[0]["body"])["id"])["data"]
check([a["attempt"] for a in attempts] == [1, 2, 3] and [a["status"] for a in attempts] == [500, 500, 200],
      "the delivery log shows each attempt", attempts)

# Duplicates: each event arrives twice.
clear()
control("POST", "/_sim/webhooks", {"duplicates": True})
stripe.Customer.modify(customer.id, name="Twice")
deliveries = wait_for(2)
ids = [json.loads(d["body"])["id"] for d in deliveries]
check(len(ids) == 2 and ids[0] == ids[1], "duplicate delivery of one event", ids)
control("POST", "/_sim/webhooks", {"duplicates": False})

# Out of order: events held together are sent newest first. Pausing first makes them one batch however slow the
# machine is.
clear()
control("POST", "/_sim/webhooks", {"out_of_order": True, "hold_ms": 200, "paused": True})
names = ["First", "Second", "Third"]
for name in names:
    stripe.Customer.modify(customer.id, name=name)
time.sleep(0.3)
control("POST", "/_sim/webhooks", {"paused": False})
deliveries = wait_for(3)
order = [json.loads(d["body"])["data"]["object"]["name"] for d in deliveries]
check(order == list(reversed(names)), "out-of-order delivery", order)
control("POST", "/_sim/webhooks", {"out_of_order": False})

# Paused deliveries wait for a flush.
clear()
control("POST", "/_sim/webhooks", {"paused": True})
stripe.Customer.modify(customer.id, name="Paused")
time.sleep(0.3)
with lock:
    check(received == [], "nothing is sent while paused")
control("POST", "/_sim/webhooks/flush")
wait_for(1)
control("POST", "/_sim/webhooks", {"paused": False})

# A disabled or deleted endpoint receives nothing.
clear()
stripe.WebhookEndpoint.modify(endpoint.id, disabled=True)
check(stripe.WebhookEndpoint.retrieve(endpoint.id).status == "disabled", "endpoint disabled")
stripe.Customer.modify(customer.id, name="Silent")
stripe.WebhookEndpoint.delete(endpoint.id)
stripe.Customer.modify(customer.id, name="Still silent")
time.sleep(0.3)
with lock:
    check(received == [], "no delivery to a disabled or deleted endpoint")
expect_error(stripe.InvalidRequestError, lambda: stripe.WebhookEndpoint.retrieve(endpoint.id), status=404)
server.shutdown()
done("webhooks")
