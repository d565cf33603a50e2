"""Customers through the official SDK: create, retrieve, update, metadata rules, list with auto-paging, delete."""
import stripe
from simtest import check, done, expect_error, raw_get

created = stripe.Customer.create(email="ada@example.com", name="Ada Lovelace", description="first",
                                 metadata={"veles_customer_id": "v-1", "tier": "gold"},
                                 address={"city": "London", "country": "GB"}, preferred_locales=["en", "fr"])
check(created.id.startswith("cus_"), "customer id prefix", created.id)
check(created.object == "customer" and created.livemode is False, "object and livemode")
check(created.email == "ada@example.com" and created.name == "Ada Lovelace", "fields stored")
check(created.address.city == "London" and created.address.line1 is None, "address hash")
check(created.metadata.to_dict() == {"veles_customer_id": "v-1", "tier": "gold"}, "metadata", created.metadata)
check(list(created.preferred_locales) == ["en", "fr"], "preferred locales")

fetched = stripe.Customer.retrieve(created.id)
check(fetched.to_dict() == created.to_dict(), "retrieve returns what create returned")

# An empty value removes one metadata key; others stay.
updated = stripe.Customer.modify(created.id, metadata={"tier": ""}, name="Ada King", description="")
check(updated.metadata.to_dict() == {"veles_customer_id": "v-1"}, "empty metadata value removes the key", updated.metadata)
check(updated.name == "Ada King" and updated.description is None, "update sets and clears fields")
# An empty metadata string removes every key.
cleared = stripe.Customer.modify(created.id, metadata="")
check(cleared.metadata.to_dict() == {}, "metadata='' clears all", cleared.metadata)

# Lists are newest first, limit 1-100 (default 10), cursor paging both ways, email filter.
ids = [created.id]
for index in range(24):
    ids.append(stripe.Customer.create(email=f"c{index}@example.com", name=f"Customer {index}").id)
first_page = stripe.Customer.list()
check(len(first_page.data) == 10 and first_page.has_more, "default limit is 10", len(first_page.data))
check([c.id for c in first_page.data] == list(reversed(ids))[:10], "newest first")
seen = [c.id for c in stripe.Customer.list(limit=7).auto_paging_iter()]
check(seen == list(reversed(ids)), "auto-paging visits every customer once, newest first", len(seen))
middle = stripe.Customer.list(limit=3, starting_after=ids[10])
check([c.id for c in middle.data] == [ids[9], ids[8], ids[7]], "starting_after gives older ones")
before = stripe.Customer.list(limit=3, ending_before=ids[10])
check([c.id for c in before.data] == [ids[13], ids[12], ids[11]], "ending_before gives the newer page, newest first")
check(before.has_more, "ending_before has_more when newer ones remain")
by_email = stripe.Customer.list(email="c3@example.com")
check([c.id for c in by_email.data] == [ids[4]], "email filter", [c.id for c in by_email.data])
recent = stripe.Customer.list(created={"gte": created.created}, limit=100)
check(len(recent.data) == 25, "created[gte] filter", len(recent.data))
check(stripe.Customer.list(created={"lt": created.created}).data == [], "created[lt] filter excludes all")

expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.list(limit=0), status=400, param="limit")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.list(limit=101), status=400, param="limit")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.list(starting_after="cus_missing"), status=404,
             code="resource_missing", param="starting_after")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.create(email="not-an-email"), status=400, param="email")

# Delete: the stub answers, retrieve still answers 200 with deleted=true, lists skip it, updates fail.
deleted = stripe.Customer.delete(ids[5])
check(deleted.deleted is True and deleted.id == ids[5], "delete returns the stub")
stub = raw_get(f"/v1/customers/{ids[5]}")
check(stub == {"id": ids[5], "object": "customer", "deleted": True}, "retrieve after delete is the stub", stub)
after_delete = [c.id for c in stripe.Customer.list(limit=100).auto_paging_iter()]
check(ids[5] not in after_delete and len(after_delete) == 24, "deleted customers leave lists")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.modify(ids[5], name="x"), status=404, code="resource_missing")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.delete(ids[5]), status=404, code="resource_missing")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.retrieve("cus_doesnotexist"), status=404,
             code="resource_missing", param="id")

# A live-mode key sees none of the test objects.
live = stripe.Customer.list(api_key="sk_live_sim_default")
check(live.data == [], "live mode is separate", len(live.data))
live_customer = stripe.Customer.create(api_key="sk_live_sim_default", name="Live One")
check(live_customer.livemode is True, "live objects say livemode=true")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.retrieve(live_customer.id), status=404)
done("customers")
