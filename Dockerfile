# One image for every process of the system; compose.yaml runs each process as its own service from it.
# The build stage installs the Makefile's Debian packages (APT_PACKAGES, read from the Makefile itself so the two
# lists cannot drift) and builds the package in release mode; the runtime stage keeps only the executables, the
# shared libraries they load and the demo dataset.
ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-bookworm AS build
WORKDIR /src
COPY Makefile ./
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $(make -s --no-print-directory --eval 'print-apt-packages: ; @echo $(APT_PACKAGES)' print-apt-packages) \
 && rm -rf /var/lib/apt/lists/*
COPY . .
RUN swift build -c release \
 && mkdir -p /out \
 && for product in veles broker connection customer-sync catalog-sync gateway stripe-sim velesctl; do \
      cp ".build/release/$product" /out/; \
    done

FROM swift:${SWIFT_VERSION}-bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libzmq5 libsqlite3-0 libssl3 libmicrohttpd12 libpsl5 publicsuffix libprotobuf-c1 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /usr/local/bin/
COPY Tests/Dataset /app/Tests/Dataset
WORKDIR /app
ENV VELES_DATA_DIR=/data
VOLUME ["/data"]
CMD ["veles", "--help"]
