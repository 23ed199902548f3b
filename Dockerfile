# syntax=docker/dockerfile:1
# lcnn-serve: build with Maven on JDK 25, run on a JDK 25 JRE with the bundled model store.
#   docker build -t lcnn-serve .
#   docker run -p 8080:8080 -e LCNN_MANAGEMENT_TOKEN=change-me lcnn-serve

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY inference-core inference-core
COPY model-store model-store
COPY service service
# Maven reads every module the root pom lists; these two are not built here, only their poms are needed.
COPY benchmarks/pom.xml benchmarks/
COPY src/test/pom.xml src/test/
# The Maven repository is a build cache mount: rebuilds after source edits reuse the downloads.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -pl service -am package -DskipTests

FROM eclipse-temurin:25-jre
# The core's kernels use the Vector API (an incubator module): fail the build if this JRE lacks it.
RUN java --list-modules | grep -q '^jdk.incubator.vector@' \
    && useradd --system --uid 10001 --home-dir /app lcnn
WORKDIR /app
COPY --from=build /src/service/target/lcnn-serve.jar /app/lcnn-serve.jar
COPY models /app/models
USER lcnn
EXPOSE 8080
# Heap from the container's memory limit; the server sizes its session pools from the CPUs it is given.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Ready = the model store is loaded and every model serves. Plain bash, no curl needed in the image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /v2/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/lcnn-serve.jar"]
