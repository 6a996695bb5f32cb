"""`actorgraph ingest --cluster`: extraction on a Dask cluster, one idempotent writer.

- ``worker``: what runs on a Dask worker: the plugin that gives each worker process its
  CoreNLP, parse cache and extractor (built once per process), and the task functions;
- ``parser``: the loopback CoreNLP that the workers of one machine share (a lock file);
- ``dispatch``: the client: it plans batches, keeps at most K in flight, takes results as
  they complete and hands them to ``graph.ingest`` in input order, so the graph is the one
  the serial ingest builds;
- ``command``: the CLI's side (connect or start a cluster, progress bar).

Nothing here is imported unless ``--cluster`` (or ``ACTORGRAPH_DASK_SCHEDULER``) asks for it:
the serial ingest never imports Dask.
"""
