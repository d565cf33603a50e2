"""Idempotency-Key: a retry with the same key and parameters replays the stored response; a dropped connection after
the object was created, retried by the SDK, still creates exactly one object."""
import uuid

import stripe
from simtest import check, control, done, expect_error, raw_get

key = str(uuid.uuid4())
first = stripe.Customer.create(name="Idem", email="idem@example.com", idempotency_key=key)
again = stripe.Customer.create(name="Idem", email="idem@example.com", idempotency_key=key)
check(first.id == again.id, "same key, same parameters: same object", first.id, again.id)
check(again.last_response.headers.get("Idempotent-Replayed") == "true", "the replay is marked")
check(len(stripe.Customer.list(email="idem@example.com").data) == 1, "one customer")
expect_error(stripe.IdempotencyError, lambda: stripe.Customer.create(name="Other", idempotency_key=key), status=400)
# The same key on another endpoint is other parameters too.
expect_error(stripe.IdempotencyError, lambda: stripe.Product.create(name="Idem", idempotency_key=key), status=400)
# Failed validation stores nothing, so the key can then be used for a valid request.
fresh = str(uuid.uuid4())
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.create(bogus="1", idempotency_key=fresh), status=400)
check(stripe.Customer.create(name="After", idempotency_key=fresh).name == "After", "a failed request keeps the key free")

# Updates replay too.
update_key = str(uuid.uuid4())
one = stripe.Customer.modify(first.id, metadata={"n": "1"}, idempotency_key=update_key)
two = stripe.Customer.modify(first.id, metadata={"n": "1"}, idempotency_key=update_key)
check(one.to_dict() == two.to_dict(), "update replay")
events = raw_get("/v1/events?type=customer.updated")["data"]
check(len(events) == 1 and events[0]["request"]["idempotency_key"] == update_key, "one event, carrying the key", events)

# The SDK's own retry: the create happens, the connection drops before the reply, the SDK retries with the key it
# generated, and gets the stored reply.
control("POST", "/_sim/faults", {"drop_after_next": 1, "path_prefix": "/v1/customers", "method": "POST"})
stripe.max_network_retries = 2
survivor = stripe.Customer.create(name="Dropped once", email="dropped@example.com")
stripe.max_network_retries = 0
check(survivor.last_response.headers.get("Idempotent-Replayed") == "true", "the retry got the stored reply")
check([c.id for c in stripe.Customer.list(email="dropped@example.com").data] == [survivor.id], "exactly one object")

# Keys expire after 24 hours (simulated time).
late_key = str(uuid.uuid4())
old = stripe.Customer.create(name="Old", idempotency_key=late_key)
control("POST", "/_sim/clock/advance", {"seconds": 24 * 3600 + 60})
new = stripe.Customer.create(name="Old", idempotency_key=late_key)
check(old.id != new.id, "an expired key runs the request again")
check(new.created >= old.created + 24 * 3600, "created follows the simulated clock", old.created, new.created)
done("idempotency")
