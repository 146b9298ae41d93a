# Highwater — the two commands a newcomer needs:
#   make run    installs what is missing, builds, and opens the app
#   make test   installs what is missing and runs everything CI checks
# Works on Debian 12 (uses sudo for apt when not root).

SHELL := /bin/bash
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The UI is embedded into the binary (without it a debug build would load the dev server URL).
APP_FEATURES := --features highwater/custom-protocol
CARGO ?= cargo

# Build: webkit/gtk/appindicator/secret -dev packages. Tests: Xvfb, a D-Bus session with gnome-keyring,
# WebKitWebDriver, dunst (notifications), ImageMagick's `import` (E2E screenshots of the display).
APT_PACKAGES := build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev \
  libssl-dev libayatana-appindicator3-dev librsvg2-dev libsecret-1-dev libdbus-1-dev \
  xvfb xauth webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools dunst x11-utils \
  imagemagick python3 python3-pip

.PHONY: run test build deps system-deps tools ui-deps e2e-deps py-deps ui \
  lint-rust lint-ui test-rust test-ui test-e2e bindings package bench clean

## ---- setup -------------------------------------------------------------------------------
deps: system-deps tools ui-deps e2e-deps py-deps

system-deps:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
	  echo "Installing Debian packages (needs sudo when not root)…"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); }

tools:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version '^2' --locked --quiet

ui-deps: ui/node_modules/.package-lock.json
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

e2e-deps: tests/e2e/node_modules/.package-lock.json
tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && npm ci --no-audit --no-fund
	@touch $@

# pyconnectwise is the third-party client the ConnectWise simulator's conformance test drives.
py-deps:
	@python3 -c "import pyconnectwise" 2>/dev/null || \
	  python3 -m pip install --quiet --disable-pip-version-check -r tests/conformance/requirements.txt || \
	  python3 -m pip install --quiet --disable-pip-version-check --break-system-packages -r tests/conformance/requirements.txt

## ---- build & run ---------------------------------------------------------------------------
ui: ui-deps
	cd ui && npm run build

build: system-deps ui
	$(CARGO) build --locked --workspace --bins $(APP_FEATURES)

# With no credentials in the environment the app opens into the built-in demo tenant (unless your
# own services are already connected, which always wins).
run: build
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display found: run 'make run' from a desktop session (or set DISPLAY)."; exit 2; fi
	./target/debug/highwater $(if $(HIGHWATER_CW_PUBLIC_KEY)$(HIGHWATER_CW_PRIVATE_KEY)$(HIGHWATER_JC_API_KEY),,--demo)

package: system-deps ui-deps
	ui/node_modules/.bin/tauri build --bundles deb
	@ls -1 target/release/bundle/deb/*.deb

## ---- checks ----------------------------------------------------------------------------------
test: deps ui lint-rust lint-ui test-ui test-rust test-e2e

lint-rust:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --workspace --all-targets $(APP_FEATURES) -- -D warnings

lint-ui: ui-deps
	cd ui && npm run lint && npm run check

test-ui: ui-deps
	cd ui && npm run test

# Built outside the session, run inside it: the keyring tests need a real Secret Service.
test-rust: ui
	$(CARGO) build --locked --workspace --bins $(APP_FEATURES)
	$(CARGO) test --locked --workspace $(APP_FEATURES) --no-run
	tests/support/desktop-session.sh $(CARGO) test --locked --workspace $(APP_FEATURES)

test-e2e: ui e2e-deps tools
	$(CARGO) build --locked $(APP_FEATURES)
	tests/e2e/run.sh

# Rewrites ui/src/lib/ipc/bindings.ts from the Rust commands (a test fails when it is stale).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --locked $(APP_FEATURES) --test bindings

bench: ui-deps
	cd ui && npm run bench

clean:
	$(CARGO) clean
	rm -rf ui/build ui/.svelte-kit tests/e2e/screenshots
