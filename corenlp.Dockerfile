# syntax=docker/dockerfile:1.4
# Stanford CoreNLP for docker-compose, from the same Maven Central artifacts as
# `actorgraph nlp start` (cli/servers/corenlp.py): CoreNLP 4.5.7, its models and an SLF4J binding.
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

FROM eclipse-temurin:17-jre
COPY --from=jars /corenlp /corenlp
RUN useradd --create-home corenlp
USER corenlp
EXPOSE 9000
# Inside the compose network only (the compose file publishes nothing for it). The client sends
# every annotator property with each request; -preload loads the same annotators at start.
CMD ["java", "-Xmx3g", "-cp", "/corenlp/*", "edu.stanford.nlp.pipeline.StanfordCoreNLPServer", \
     "-port", "9000", "-timeout", "120000", "-quiet", "true", \
     "-preload", "tokenize,ssplit,pos,lemma,ner,depparse"]
