# The README's two commands: `make demo` and `make test`. Each target is one line.
.PHONY: demo test install lint bench clean

demo:
	scripts/bootstrap.sh && .venv/bin/porch demo

test:
	scripts/bootstrap.sh && scripts/test.sh

install:
	scripts/bootstrap.sh

lint:
	scripts/bootstrap.sh && scripts/lint.sh

bench:
	scripts/bootstrap.sh && .venv/bin/python bench/http/run.py $(BENCH)

clean:
	rm -rf .venv porch-data demo-data test-artifacts
