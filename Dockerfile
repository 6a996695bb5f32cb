FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY cypher ./cypher
COPY loaders ./loaders
COPY cli ./cli
# EXTRAS="[dashboard]" adds Bokeh, for the Dask scheduler's dashboard (docker-compose.yml).
ARG EXTRAS=""
RUN pip install --no-cache-dir ".${EXTRAS}" && useradd --create-home actorgraph
USER actorgraph
EXPOSE 8000
CMD ["actorgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
