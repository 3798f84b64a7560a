# The two commands of the README. Both do their own set-up on a fresh Debian machine.
.PHONY: demo test lock messages bench soak outage two-hosts

demo:  ## install, migrate the SQLite default, load the demo, serve on http://127.0.0.1:8000
	./scripts/demo.sh

test:  ## install what tests need, then ruff, migrations check and the whole suite on PostgreSQL
	./scripts/test.sh

lock:  ## after changing requirements*.txt: pin the whole tree with hashes in requirements*.lock
	./scripts/lock.sh

messages:  ## refresh the message catalogues after changing UI strings, then compile them
	./scripts/messages.sh

bench:  ## every benchmark in bench/ (needs PostgreSQL; see README)
	./scripts/bench.sh

soak:  ## 10 minutes of mixed traffic at 70 % of capacity, own PostgreSQL and Redis (see README)
	./scripts/load.sh soak

outage:  ## database and Redis outages under load, own PostgreSQL and Redis (see README)
	./scripts/load.sh outage

two-hosts:  ## two gunicorn hosts behind HAProxy, one killed mid-run, SMTP stopped (see README)
	./scripts/load.sh two_hosts
