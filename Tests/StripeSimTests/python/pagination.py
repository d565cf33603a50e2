"""Pagination under writes: 250 customers listed page by page while 50 more are created and 20 deleted (including
the customer the cursor stands on) never yields a duplicate, and every customer that existed for the whole pass is seen."""
import random

import stripe
from simtest import check, control, done

random.seed(7)
base = 1_700_000_000
# Half of them share one second, so the tie-break by insertion order matters too.
dataset = {"customers": [{"id": f"cus_page{index:04d}", "name": f"Paged {index}",
                          "created": base + (index if index % 2 else 125)} for index in range(250)]}
loaded = control("POST", "/_sim/load", dataset)
check(loaded["loaded"]["customers"] == 250, "dataset load", loaded)

initial = [c.id for c in stripe.Customer.list(limit=100).auto_paging_iter()]
check(len(initial) == 250 and len(set(initial)) == 250, "250 customers listed once each before the writes")

# A list, not a set: a set's pop order follows the per-process string hash seed, which made the run differ each time.
to_delete = random.sample(initial[30:], 19)
seen = []
page = stripe.Customer.list(limit=10)
created = deleted = 0
while True:
    seen.extend(c.id for c in page.data)
    for _ in range(3):
        if created < 50:
            stripe.Customer.create(name=f"New {created}")
            created += 1
    # Never a customer of the page in hand: its last one is the cursor, deleted on purpose below.
    on_page = {c.id for c in page.data}
    victim = next((c for c in to_delete if c not in on_page), None)
    if deleted < 19 and victim:
        to_delete.remove(victim)
        stripe.Customer.delete(victim)
        deleted += 1
    if not page.has_more:
        break
    cursor = page.data[-1].id
    if deleted == 19 and "cursor deleted" not in seen:
        # Delete the very customer the next request starts after: its place in the order still holds.
        stripe.Customer.delete(cursor)
        seen.append("cursor deleted")
        deleted += 1
    page = stripe.Customer.list(limit=10, starting_after=cursor)

seen = [identifier for identifier in seen if identifier != "cursor deleted"]
check(created == 50 and deleted == 20, "the writes happened during the pass", created, deleted)
check(len(seen) == len(set(seen)), "no duplicates", len(seen), len(set(seen)))
existed_throughout = set(initial) - {c for c in initial if stripe.Customer.retrieve(c).to_dict().get("deleted")}
check(existed_throughout <= set(seen), "every customer that existed throughout was seen",
      len(existed_throughout - set(seen)))
check(len(existed_throughout) == 230, "230 survived", len(existed_throughout))
newest_first = stripe.Customer.list(limit=100).data
check(newest_first[0].name == "New 49", "new customers come first", newest_first[0].name)
done("pagination")
