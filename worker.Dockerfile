# syntax=docker/dockerfile:1.4
# A Dask worker for `actorgraph ingest --cluster` (docker-compose profile "cluster"): the project
# and Dask on Python 3.11, Stanford CoreNLP's jars (the same Maven Central artifacts as
# corenlp.Dockerfile) and a JDK (the launcher compiles its 25-line loopback shim with it). The
# worker plugin starts one loopback CoreNLP in each container (cli/cluster/parser.py) and stops
# it when the worker ends; ACTORGRAPH_CORENLP_URLS set on the service would use a server
# elsewhere instead.
FROM maven:3.9-eclipse-temurin-17 AS jars
WORKDIR /fetch
COPY <<POM pom.xml
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.actorgraph</groupId><artifactId>corenlp-docker</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>edu.stanford.nlp</groupId><artifactId>stanford-corenlp</artifactId><version>4.5.7</version></dependency>
    <dependency><groupId>edu.stanford.nlp</groupId><artifactId>stanford-corenlp</artifactId><version>4.5.7</version><classifier>models</classifier></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>1.7.12</version></dependency>
  </dependencies>
</project>
POM
RUN mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/corenlp

FROM python:3.11-slim
COPY --from=eclipse-temurin:17-jdk /opt/java/openjdk /opt/java/openjdk
ENV ACTORGRAPH_JAVA_HOME=/opt/java/openjdk \
    ACTORGRAPH_CORENLP_CACHE=/opt/actorgraph/cache \
    ACTORGRAPH_WORKER_CORENLP_HOME=/home/actorgraph/worker-corenlp \
    ACTORGRAPH_PARSE_CACHE=/home/actorgraph/cache/parses.sqlite3
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY cypher ./cypher
COPY loaders ./loaders
COPY cli ./cli
RUN pip install --no-cache-dir . && useradd --create-home actorgraph
COPY --from=jars /corenlp /opt/actorgraph/cache/corenlp-4.5.7/lib
# The launcher's "complete fetch" marker, so it never runs Maven; the shim compiled once here.
RUN python -c "from cli.servers.common import _marker; from cli.servers.corenlp import ARTIFACTS; \
open('/opt/actorgraph/cache/corenlp-4.5.7/lib/.complete', 'w').write(_marker(ARTIFACTS))" \
 && python -c "from cli.servers.corenlp import LocalCoreNLP; from graph.settings import Settings; \
LocalCoreNLP(Settings())._compile_shim()" \
 && chown -R actorgraph /opt/actorgraph
USER actorgraph
CMD ["dask", "worker", "tcp://dask-scheduler:8786", "--nthreads", "1"]
