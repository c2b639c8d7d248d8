-- raw_documents.content_gz is null for pages whose bytes live in the raw store beside the database
-- (tasks/rawstore.py): appending large values to this table made every commit's checkpoint rewrite all of
-- them, so the loader's memory grew with the corpus.
COMMENT ON TABLE raw_documents IS 'Raw inputs (HTML or text), one row per distinct content hash and input. Their bytes are gzip files in the raw store beside the database (newsevents.duckdb → newsevents.raw/<first 2 hex of raw_hash>/<raw_hash>.gz; keep that folder with the file), or in content_gz for rows written before the store existed. reprocess re-cleans and re-extracts from here with no fetching.';
COMMENT ON COLUMN raw_documents.content_gz IS 'The raw content, gzip-compressed (UTF-8 for text inputs), for rows written before the raw store; null when it is in the raw store under raw_hash (newsevents export parquet fills it in from there).';
