# DAC — make help lists the targets.
GO       ?= go
DEMO_DIR ?= $(CURDIR)/.demo
BIN      ?= $(CURDIR)/bin/dac
SHOTS    ?= $(CURDIR)/docs/screenshots

.DEFAULT_GOAL := help
.PHONY: help build run test check vet fmt-check bench bench-ingest bench-sync fuzz clean screenshots mobile-check package-android

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

build: ## build bin/dac
	$(GO) build -o $(BIN) .

run: build ## build the demo node into .demo/ and open the GUI on it (headless: print it instead)
	$(BIN) --data $(DEMO_DIR) demo --members 60 --days 30 --seed 1 --recent
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo 'Opening the window: choose "Explore the demo node" to open it as one of its residents.'; \
	  $(BIN) --data $(DEMO_DIR); \
	else \
	  $(BIN) --data $(DEMO_DIR) state && \
	  $(BIN) --data $(DEMO_DIR) audit money && \
	  $(BIN) --data $(DEMO_DIR) log --limit 10 && \
	  echo 'No display here ($$DISPLAY and $$WAYLAND_DISPLAY are unset): run make run on a desktop to see the window, or make screenshots to save every screen as a PNG.'; \
	fi

screenshots: build ## run the GUI, then the kiosk, under Xvfb on a fresh demo node; save every screen (phone and desktop) to docs/screenshots/
	@command -v Xvfb >/dev/null || { echo "make screenshots needs Xvfb: sudo apt-get install -y xvfb"; exit 1; }
	rm -rf $(CURDIR)/.shots && mkdir -p $(SHOTS)
	Xvfb :99 -screen 0 1400x900x24 -nolisten tcp & xvfb=$$!; sleep 1; \
	  DISPLAY=:99 LANG=en_US.UTF-8 DAC_SCREENSHOTS=$(SHOTS) $(BIN) --data $(CURDIR)/.shots; rc=$$?; \
	  [ $$rc -ne 0 ] || DISPLAY=:99 LANG=en_US.UTF-8 DAC_SCREENSHOTS=$(SHOTS) $(BIN) --data $(CURDIR)/.shots kiosk; rc=$$((rc + $$?)); \
	  kill $$xvfb; rm -rf $(CURDIR)/.shots; exit $$rc

test: vet mobile-check ## vet, cross-compile for phones and run every test (what CI runs)
	$(GO) test ./...

# The core, sync and app packages must build for phones (no cgo there):
# compile them for android/arm64 and link the app's test binary, which pulls
# in libp2p and SQLite, and link platforms/headless (dac without the GUI).
# -checklinkname=0: see platforms/README.md.
MOBILE := GOOS=android GOARCH=arm64 CGO_ENABLED=0
mobile-check: ## cross-compile core, sync and app for android/arm64 (and link app)
	$(MOBILE) $(GO) build -ldflags=-checklinkname=0 ./core/... ./sync/... ./app/...
	$(MOBILE) $(GO) test -c -o /dev/null -ldflags=-checklinkname=0 ./app
	$(MOBILE) $(GO) build -ldflags=-checklinkname=0 -o /dev/null ./platforms/headless

package-android: ## build dac.apk with fyne package (needs the fyne tool and the Android NDK)
	@command -v fyne >/dev/null || { echo "needs the fyne tool: go install fyne.io/tools/cmd/fyne@latest"; exit 1; }
	cp platforms/android/AndroidManifest.xml AndroidManifest.xml
	fyne package -os android -release=false; rc=$$?; rm -f AndroidManifest.xml; exit $$rc

vet: ## go vet
	$(GO) vet ./...

fmt-check: ## fail if any file is not gofmt-ed
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "not gofmt-ed: $$out"; exit 1; fi

check: fmt-check test ## gofmt + vet + tests, including the dependency-direction test
	$(GO) test -count=1 -run 'TestDependencyDirection|TestEveryPackageHasADocComment|TestCoreNeverReadsTheClock' .

bench: build ## go benchmarks, then dac bench ingest on 100k entries
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...
	$(BIN) bench ingest --entries 100000

bench-ingest: build ## only dac bench ingest (100k entries), as JSON
	$(BIN) bench ingest --entries 100000 --json

bench-sync: build ## dac bench sync: catch-up of ~100k entries, merge, 50-peer mesh (a few minutes), as JSON
	$(BIN) bench sync --json

fuzz: ## fuzz decoding and the keystore for a minute each
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./core/entry/
	$(GO) test -run '^$$' -fuzz FuzzOpen -fuzztime 60s ./core/identity/

clean: ## remove bin/ and the demo data
	rm -rf bin $(DEMO_DIR)
