# Two commands set everything up on a machine with Python 3 and make:
#   make lab    create .venv, install the project, open JupyterLab on the start page
#   make test   the same set-up, then the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888

.PHONY: lab test setup browser notebooks student images slides bench clean

setup: $(STAMP)

# Re-install only when the project's requirements change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --port=$(PORT) notebooks/00_start_here.ipynb

test: setup browser
	$(BIN)/python -m pytest

# Debian's Chromium for the real-browser test (skipped, with a note, where it can't be installed).
browser:
	@tools/install_chromium.sh

# Re-execute every notebook in place so the committed outputs are fresh.
notebooks: setup
	cd tools && ../$(BIN)/python run_notebooks.py

# Learner copies with the exercise solutions stripped, in student/.
student: setup
	cd tools && ../$(BIN)/python make_student.py ../student

clean:
	rm -rf $(VENV) student slides .pytest_cache
