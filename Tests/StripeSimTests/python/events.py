"""Events: one per change, previous_attributes on updates, request id and idempotency key, type wildcards, created
filters, paging, and 30-day retention on the simulated clock."""
import uuid

import stripe
from simtest import check, control, done, expect_error

key = str(uuid.uuid4())
customer = stripe.Customer.create(name="Evented", metadata={"a": "1"}, idempotency_key=key)
stripe.Customer.modify(customer.id, name="Evented Ltd", metadata={"b": "2"})
stripe.Customer.delete(customer.id)
product = stripe.Product.create(name="Widget")
price = stripe.Price.create(product=product.id, currency="usd", unit_amount=100)
stripe.Price.modify(price.id, active=False)

events = stripe.Event.list(limit=100)
types = [event.type for event in events.data]
check(types == ["price.updated", "price.created", "product.created", "customer.deleted", "customer.updated",
                "customer.created"], "one event per change, newest first", types)
created_event = events.data[-1]
check(created_event.data.object.id == customer.id and created_event.data.object.name == "Evented", "data.object snapshot")
check(created_event.request.idempotency_key == key and created_event.request.id.startswith("req_"), "request facts")
check(created_event.api_version == stripe.api_version, "events carry the pinned API version", created_event.api_version)
updated_event = events.data[-2]
previous = updated_event.data.previous_attributes.to_dict()
check(previous == {"metadata": {"b": None}, "name": "Evented"}, "previous_attributes lists old values", previous)
check(updated_event.data.object.name == "Evented Ltd", "updated object")
deleted_event = events.data[-3]
check(deleted_event.data.object.id == customer.id and "deleted" not in deleted_event.data.object, "deleted event has the object")
price_update = stripe.Event.retrieve(events.data[0].id)
check(price_update.data.previous_attributes.to_dict() == {"active": True}, "price.updated previous_attributes")

check([e.type for e in stripe.Event.list(type="customer.*").data] == ["customer.deleted", "customer.updated", "customer.created"],
      "type wildcard")
check([e.type for e in stripe.Event.list(type="product.created").data] == ["product.created"], "exact type")
check({e.type for e in stripe.Event.list(types=["price.created", "customer.created"]).data} == {"price.created", "customer.created"},
      "types[]")
check(len(stripe.Event.list(type="*", limit=100).data) == 6, "* matches all")
paged = [e.id for e in stripe.Event.list(limit=2).auto_paging_iter()]
check(paged == [e.id for e in events.data], "events page by cursor")
check(len(stripe.Event.list(created={"gte": created_event.created}).data) == 6, "created filter")
expect_error(stripe.InvalidRequestError, lambda: stripe.Event.retrieve("evt_missing"), status=404, code="resource_missing")

# Thirty days later the events are gone.
control("POST", "/_sim/clock/advance", {"seconds": 31 * 24 * 3600})
check(stripe.Event.list().data == [], "events older than 30 days are dropped")
expect_error(stripe.InvalidRequestError, lambda: stripe.Event.retrieve(created_event.id), status=404)
fresh = stripe.Customer.create(name="Later")
later = stripe.Event.list()
check([e.data.object.id for e in later.data] == [fresh.id], "new events still recorded")
done("events")
