-- The aggregation DuckDB runs in the end-to-end comparison: endpoint-ENI records of the raw gzip
-- flow logs, joined to the endpoint ENIs of the inventory, per 5-minute window, endpoint, ENI,
-- AZ and action, written to Parquet. It is a subset of what `flowanalytics run` computes (no
-- client-side attribution, client AZ, TCP flags, sketches or eni_traffic), so the comparison
-- favours DuckDB. Placeholders: {threads}, {enis}, {logs}, {columns}, {out}.
SET threads = {threads};
SET preserve_insertion_order = false;

CREATE TEMP TABLE endpoint_enis AS
SELECT * FROM read_csv('{enis}', header = true,
    columns = {'eni_id': 'VARCHAR', 'vpc_endpoint_id': 'VARCHAR', 'az_id': 'VARCHAR'});

COPY (
    SELECT to_timestamp(f."start" - f."start" % 300) AS window_start,
           e.vpc_endpoint_id, e.eni_id, e.az_id, f."action",
           count(*)::BIGINT AS records,
           sum(f."packets")::BIGINT AS packets,
           sum(f."bytes")::BIGINT AS bytes
    FROM read_csv('{logs}', delim = ' ', header = true, nullstr = '-', columns = {columns}) AS f
    JOIN endpoint_enis AS e ON e.eni_id = f."interface-id"
    GROUP BY ALL
) TO '{out}' (FORMAT parquet);
