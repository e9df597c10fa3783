# mmseg-gan: `make demo` and `make test` work from a fresh clone.
PYTHON_BIN := .venv/bin/python
WORK_DIR ?= work_dirs/demo
export PYTHONUNBUFFERED := 1

.PHONY: setup lint test demo demo-data bench device-kit clean

setup:
	@bash tools/setup_env.sh

lint: setup
	$(PYTHON_BIN) -m ruff check mmseg_gan tools tests configs

test: lint
	$(PYTHON_BIN) -m pytest tests

demo-data: setup
	$(PYTHON_BIN) tools/dataset_converters/demo_cityscapes.py data/demo_cityscapes

demo: demo-data
	WORK_DIR=$(WORK_DIR) PYTHON=$(PYTHON_BIN) bash tools/run_demo.sh

# Speed ratios side by side in one process, on the outputs of `make demo`.
bench: setup
	$(PYTHON_BIN) tools/benchmark.py \
	  --seg-config configs/demo/unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py \
	  --synthetic $(WORK_DIR)/synthetic \
	  --gan-config configs/demo/pix2pix_1xb4-300_demo-cityscapes-64x128.py \
	  --gan-checkpoint $(WORK_DIR)/pix2pix/iter_300.pth \
	  --cgan-config configs/demo/cgan_unet-s5-d16_fcn_1xb4-200_demo-cityscapes-64x128.py \
	  --out docs/results/speed.md

# Wheels, mmcv prebuilt for the node's Python / torch (3.12 / 2.11.0 by
# default) and its sdist, for an offline GPU node: tools/device_kit/install.sh
# installs them there; tools/device_kit/rehearse.sh rehearses the GPU check.
device-kit: setup
	$(PYTHON_BIN) tools/device_kit/make_kit.py $(if $(KIT_PYTHON),--python-version $(KIT_PYTHON)) $(if $(KIT_TORCH),--torch-version $(KIT_TORCH))

clean:
	rm -rf work_dirs .pytest_cache .ruff_cache
