# syntax=docker/dockerfile:1
# The Kith hub image: the shaded jar on a Java 17 JRE, run by a non-root user.
#   docker build -t kith-hub .
#   docker run -p 8080:8080 kith-hub        # no KITH_BOOTSTRAP_SERVERS: the hub runs its embedded broker
# docker-compose.yml runs the same image against a Kafka (KRaft) service instead.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps the local Maven repository between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 kith \
 && useradd --system --uid 10001 --gid kith --home-dir /opt/kith --no-create-home --shell /usr/sbin/nologin kith \
 && mkdir -p /opt/kith /var/lib/kith \
 && chown kith:kith /var/lib/kith
WORKDIR /opt/kith
COPY --from=build /src/hub/target/kith-hub.jar /opt/kith/kith-hub.jar
COPY config/ /opt/kith/config/
# Container defaults for the hub's options (see HubOption); KITH_BOOTSTRAP_SERVERS is left unset.
ENV KITH_DATA_DIR=/var/lib/kith \
    KITH_HTTP_HOST=0.0.0.0 \
    KITH_HTTP_PORT=8080 \
    KITH_PARTNERS_FILE=/opt/kith/config/partners.json \
    KITH_USERS_FILE=/opt/kith/config/users.json
# The embedded broker's log and the stream state: keep them across container restarts.
VOLUME ["/var/lib/kith"]
EXPOSE 8080
USER kith
# Open files: the JVM raises its soft limit to the container's hard one (MaxFDLimit, said explicitly;
# set the hard one with docker run --ulimit nofile=65536:65536 or compose's ulimits), so the HTTP API's
# connection cap (a quarter of it at most) stays far below what the embedded broker needs.
# Heap: a quarter of the container's memory limit (the JVM reads it from the cgroup), given back
# when idle; the hub's state lives off the heap (RocksDB, the broker's files).
ENTRYPOINT ["java","-XX:+MaxFDLimit","-XX:MaxRAMPercentage=25","-XX:G1PeriodicGCInterval=30000","-jar","/opt/kith/kith-hub.jar"]
CMD ["run"]
