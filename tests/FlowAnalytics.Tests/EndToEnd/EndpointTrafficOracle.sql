-- The independent oracle of the end-to-end test (EndToEnd/FlowLogJobAcceptanceTests.cs): the
-- endpoint_traffic table computed by DuckDB straight from the raw gzip flow logs and the inventory
-- JSON, following README "Output"/"Metrics" and DESIGN §4 (attribution) and §10 (metrics). It
-- shares no code with the engine.
--
-- Before this script runs, the test creates:
--   raw_flow_logs   every record of every *.log.gz file, read by read_csv with the columns of the
--                   file's header line; the script uses filename, "interface-id", srcaddr,
--                   dstaddr, packets, bytes, start, "end", action, "log-status", "tcp-flags" and
--                   "flow-direction", NULL where a format lacks them (the 14-field default format
--                   has no tcp-flags and no flow-direction)
--   file_arrival    (filename, arrival): each file's mtime in Unix seconds, for delivery lag
-- {network_interfaces}, {vpc_endpoints} and {subnets} are replaced by the paths (SQL literals) of
-- the three describe-* JSON files; {window_seconds} by the window length.
-- Statements end with ';' at the end of a line (the test splits on that).

SET TimeZone = 'UTC';

-- ---------------------------------------------------------------------------------------------
-- Addresses as bit strings. The inet extension is not bundled with DuckDB.NET (and nothing is
-- downloaded here), so an address becomes its bits as text: 32 characters '0'/'1' for IPv4, 128
-- for IPv6. Equal addresses then have equal bits whatever their spelling (IPv6 leading zeros,
-- '::' compression, case), and a CIDR block holds an address when both have the same length
-- (family) and the same first prefix-length bits. (Dotted IPv4 tails in IPv6 text, '::ffff:1.2.3.4',
-- are not handled: neither the generator nor data-samples write them.)
-- ---------------------------------------------------------------------------------------------

-- One hex digit group of IPv6 ('87b') → 16 bits.
CREATE MACRO hex_group_bits(g) AS
    array_to_string(list_transform(string_split(lpad(g, 4, '0'), ''),
                                   c -> lpad(bin(strpos('0123456789abcdef', c) - 1), 4, '0')), '');

-- The groups on one side of '::' (none when that side is empty).
CREATE MACRO ipv6_side(s) AS CASE WHEN s = '' THEN []::VARCHAR[] ELSE string_split(s, ':') END;

-- The eight groups of an IPv6 address, '::' expanded to the missing zero groups.
CREATE MACRO ipv6_groups(a) AS
    CASE WHEN contains(a, '::') THEN
        list_concat(list_concat(
            ipv6_side(split_part(a, '::', 1)),
            list_transform(range(8 - len(ipv6_side(split_part(a, '::', 1))) - len(ipv6_side(split_part(a, '::', 2)))), x -> '0')),
            ipv6_side(split_part(a, '::', 2)))
    ELSE string_split(a, ':') END;

CREATE MACRO ip_bits(a) AS
    CASE
        WHEN a IS NULL THEN NULL
        WHEN contains(a, ':') THEN array_to_string(list_transform(ipv6_groups(lower(a)), g -> hex_group_bits(g)), '')
        ELSE array_to_string(list_transform(string_split(a, '.'), o -> lpad(bin(o::INTEGER), 8, '0')), '')
    END;

-- ---------------------------------------------------------------------------------------------
-- Inventory, from the JSON `aws ec2 describe-*` prints. Explicit schemas: ids stay text (an owner
-- id keeps its leading zeros) and a field missing from every entry is still a (NULL) column.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE network_interface AS
SELECT n.NetworkInterfaceId AS eni_id,
       n.InterfaceType AS interface_type,
       n.Description AS description,
       n.AvailabilityZone AS az,
       n.AvailabilityZoneId AS az_id,
       n.SubnetId AS subnet_id,
       n.VpcId AS vpc_id,
       n.OwnerId AS owner_id,
       list_concat(list_transform(coalesce(n.PrivateIpAddresses, []), p -> p.PrivateIpAddress),
                   list_transform(coalesce(n.Ipv6Addresses, []), p -> p.Ipv6Address)) AS addresses
FROM (SELECT unnest(NetworkInterfaces) AS n
      FROM read_json({network_interfaces}, columns = {NetworkInterfaces: 'STRUCT(
          NetworkInterfaceId VARCHAR, InterfaceType VARCHAR, Description VARCHAR, AvailabilityZone VARCHAR,
          AvailabilityZoneId VARCHAR, SubnetId VARCHAR, VpcId VARCHAR, OwnerId VARCHAR,
          PrivateIpAddresses STRUCT(PrivateIpAddress VARCHAR)[], Ipv6Addresses STRUCT(Ipv6Address VARCHAR)[])[]'}));

CREATE TABLE vpc_endpoint AS
SELECT e.VpcEndpointId AS vpc_endpoint_id, e.ServiceName AS service_name, e.NetworkInterfaceIds AS eni_ids
FROM (SELECT unnest(VpcEndpoints) AS e
      FROM read_json({vpc_endpoints}, columns = {VpcEndpoints: 'STRUCT(
          VpcEndpointId VARCHAR, ServiceName VARCHAR, NetworkInterfaceIds VARCHAR[])[]'}));

-- Every CIDR block of every subnet (IPv4 CidrBlock and each associated IPv6 block) with its AZ id.
CREATE TABLE subnet_block AS
SELECT subnet_id, vpc_id, az_id,
       ip_bits(split_part(cidr, '/', 1)) AS network_bits,
       split_part(cidr, '/', 2)::INTEGER AS prefix_length
FROM (SELECT s.SubnetId AS subnet_id, s.VpcId AS vpc_id, s.AvailabilityZoneId AS az_id,
             unnest(list_concat([s.CidrBlock], list_transform(coalesce(s.Ipv6CidrBlockAssociationSet, []), b -> b.Ipv6CidrBlock))) AS cidr
      FROM (SELECT unnest(Subnets) AS s
            FROM read_json({subnets}, columns = {Subnets: 'STRUCT(
                SubnetId VARCHAR, VpcId VARCHAR, AvailabilityZoneId VARCHAR, CidrBlock VARCHAR,
                Ipv6CidrBlockAssociationSet STRUCT(Ipv6CidrBlock VARCHAR)[])[]'})))
WHERE cidr IS NOT NULL;

-- Rule (DESIGN §4): an endpoint ENI is an ENI an interface endpoint lists in NetworkInterfaceIds,
-- or one whose InterfaceType is vpc_endpoint, or whose description is "VPC Endpoint Interface
-- vpce-…" (the endpoint then comes from the description). Each has one AZ and subnet; an ENI
-- without an AZ id takes its subnet's.
CREATE TABLE endpoint_eni AS
SELECT n.eni_id,
       n.owner_id AS account_id,
       regexp_extract(n.az, '^(.*[0-9])[a-z]$', 1) AS region,   -- us-east-1a → us-east-1
       n.vpc_id,
       coalesce(l.vpc_endpoint_id, regexp_extract(n.description, '^VPC Endpoint Interface (vpce-[0-9a-f]+)', 1)) AS vpc_endpoint_id,
       coalesce(l.service_name, d.service_name) AS service_name,
       n.az,
       coalesce(n.az_id, (SELECT any_value(b.az_id) FROM subnet_block b WHERE b.subnet_id = n.subnet_id)) AS az_id,
       n.subnet_id
FROM network_interface n
LEFT JOIN (SELECT unnest(eni_ids) AS eni_id, vpc_endpoint_id, service_name FROM vpc_endpoint) l USING (eni_id)
LEFT JOIN vpc_endpoint d
       ON d.vpc_endpoint_id = regexp_extract(n.description, '^VPC Endpoint Interface (vpce-[0-9a-f]+)', 1)
WHERE l.eni_id IS NOT NULL
   OR n.interface_type = 'vpc_endpoint'
   OR n.description LIKE 'VPC Endpoint Interface vpce-%';

-- The private addresses (IPv4 and IPv6) of every ENI, as bits.
CREATE TABLE eni_address AS
SELECT eni_id, ip_bits(unnest(addresses)) AS bits FROM network_interface;

-- The private addresses of endpoint ENIs: a record with one of them as srcaddr/dstaddr, logged at
-- some other ENI, is the client's side of endpoint traffic. (The test checks that no address
-- belongs to two endpoint ENIs, so the engine's same-VPC preference for overlapping VPCs never
-- has to be decided here.)
CREATE TABLE endpoint_address AS
SELECT a.eni_id, a.bits FROM eni_address a JOIN endpoint_eni e USING (eni_id);

-- ---------------------------------------------------------------------------------------------
-- Attribution, record by record.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE flow_record AS
SELECT r.*, ip_bits(r.srcaddr) AS src_bits, ip_bits(r.dstaddr) AS dst_bits, f.arrival
FROM raw_flow_logs r LEFT JOIN file_arrival f USING (filename);

CREATE TABLE attributed AS
-- Rule 1: interface-id is an endpoint ENI → observed_at = endpoint_eni, that ENI.
-- Direction from flow-direction when the record has it (ingress = into the endpoint ENI =
-- to_endpoint, egress = from_endpoint); otherwise dstaddr is one of the ENI's own addresses →
-- to_endpoint, else srcaddr is → from_endpoint, else unknown (NULL: NODATA/SKIPDATA have no
-- addresses).
WITH at_endpoint AS (
    SELECT r.*,
           'endpoint_eni' AS observed_at,
           r."interface-id" AS eni_id,
           CASE r."flow-direction"
               WHEN 'ingress' THEN 'to_endpoint'
               WHEN 'egress' THEN 'from_endpoint'
               ELSE CASE
                   WHEN EXISTS (SELECT 1 FROM eni_address a WHERE a.eni_id = r."interface-id" AND a.bits = r.dst_bits) THEN 'to_endpoint'
                   WHEN EXISTS (SELECT 1 FROM eni_address a WHERE a.eni_id = r."interface-id" AND a.bits = r.src_bits) THEN 'from_endpoint'
               END
           END AS direction
    FROM flow_record r
    WHERE r."interface-id" IN (SELECT eni_id FROM endpoint_eni)
),
-- Rule 2: interface-id is any other ENI (known or not) → observed_at = client_eni when dstaddr is
-- an endpoint ENI's address (to_endpoint, checked first), else when srcaddr is (from_endpoint).
-- The endpoint ENI is the owner of that address. Records without addresses (NODATA on a client
-- ENI) are not endpoint traffic.
at_client AS (
    SELECT r.*,
           'client_eni' AS observed_at,
           coalesce(d.eni_id, s.eni_id) AS eni_id,
           CASE WHEN d.eni_id IS NOT NULL THEN 'to_endpoint' ELSE 'from_endpoint' END AS direction
    FROM flow_record r
    LEFT JOIN endpoint_address d ON d.bits = r.dst_bits
    LEFT JOIN endpoint_address s ON s.bits = r.src_bits
    WHERE (r."interface-id" IS NULL OR r."interface-id" NOT IN (SELECT eni_id FROM endpoint_eni))
      AND (d.eni_id IS NOT NULL OR s.eni_id IS NOT NULL)
),
both_ends AS (
    SELECT * FROM at_endpoint
    UNION ALL BY NAME
    SELECT * FROM at_client
)
-- The client is the other end: srcaddr of to_endpoint traffic, dstaddr of from_endpoint traffic.
SELECT b.*,
       CASE b.direction WHEN 'to_endpoint' THEN b.srcaddr WHEN 'from_endpoint' THEN b.dstaddr END AS client,
       CASE b.direction WHEN 'to_endpoint' THEN b.src_bits WHEN 'from_endpoint' THEN b.dst_bits END AS client_bits,
       row_number() OVER () AS attributed_no
FROM both_ends b;

-- Client AZ: the AZ id of the subnet whose CIDR block holds the client address; NULL outside
-- every known subnet (and for records without a client). When blocks overlap: a subnet in the
-- endpoint ENI's VPC first, then the longest prefix.
CREATE TABLE client_zone AS
SELECT a.attributed_no,
       arg_max(b.az_id, (CASE WHEN b.vpc_id = e.vpc_id THEN 1000 ELSE 0 END) + b.prefix_length) AS client_az_id
FROM attributed a
JOIN endpoint_eni e USING (eni_id)
JOIN subnet_block b
  ON length(b.network_bits) = length(a.client_bits)                        -- same family
 AND left(a.client_bits, b.prefix_length) = left(b.network_bits, b.prefix_length)
GROUP BY a.attributed_no;

-- ---------------------------------------------------------------------------------------------
-- endpoint_traffic: one row per window × endpoint ENI × client AZ × direction × observed_at, the
-- metrics of README "Metrics" / DESIGN §10.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE expected_endpoint_traffic AS
WITH grouped AS (
    SELECT
        -- The window its start falls in.
        to_timestamp(a.start - a.start % {window_seconds}) AS window_start,
        a.eni_id, z.client_az_id, a.direction, a.observed_at,
        count(*) AS records,                                                   -- OK, NODATA and SKIPDATA
        coalesce(sum(a.packets), 0)::BIGINT AS packets,                        -- '-' counts as nothing
        coalesce(sum(a.bytes), 0)::BIGINT AS bytes,
        count(*) FILTER (WHERE a.action = 'REJECT') AS rejected_records,
        coalesce(sum(a.packets) FILTER (WHERE a.action = 'REJECT'), 0)::BIGINT AS rejected_packets,
        coalesce(sum(a.bytes) FILTER (WHERE a.action = 'REJECT'), 0)::BIGINT AS rejected_bytes,
        count(*) FILTER (WHERE a."log-status" = 'NODATA') AS nodata_records,
        count(*) FILTER (WHERE a."log-status" = 'SKIPDATA') AS skipdata_records,
        -- TCP flags are OR-ed: SYN 2 without ACK 16; SYN and ACK (18); FIN 1; RST 4. NULL in none.
        count(*) FILTER (WHERE a."tcp-flags" & 18 = 2) AS syn_records,
        count(*) FILTER (WHERE a."tcp-flags" & 18 = 18) AS synack_records,
        count(*) FILTER (WHERE a."tcp-flags" & 1 = 1) AS fin_records,
        count(*) FILTER (WHERE a."tcp-flags" & 4 = 4) AS rst_records,
        count(DISTINCT a.client_bits) AS distinct_clients,
        -- Flow duration end − start of records with both; delivery lag = file mtime − end.
        list_sort(list(a."end" - a.start) FILTER (WHERE a.start IS NOT NULL AND a."end" IS NOT NULL)) AS durations,
        list_sort(list(a.arrival - a."end") FILTER (WHERE a.arrival IS NOT NULL AND a."end" IS NOT NULL)) AS lags,
        min(a.start) AS first_start,
        max(a."end") AS last_end
    FROM attributed a
    LEFT JOIN client_zone z USING (attributed_no)
    GROUP BY ALL
)
SELECT
    g.window_start,
    e.account_id, e.region, e.vpc_id, e.vpc_endpoint_id, e.service_name,
    g.eni_id, e.az, e.az_id, e.subnet_id, g.client_az_id, g.direction, g.observed_at,
    g.records, g.packets, g.bytes, g.rejected_records, g.rejected_packets, g.rejected_bytes,
    g.nodata_records, g.skipdata_records, g.syn_records, g.synack_records, g.fin_records, g.rst_records,
    g.distinct_clients,
    -- Lower nearest rank: sorted[floor(q·(n−1))], 0-based (DuckDB lists are 1-based).
    CASE WHEN len(g.durations) > 0 THEN g.durations[floor(0.50 * (len(g.durations) - 1))::BIGINT + 1] END AS duration_p50_s,
    CASE WHEN len(g.durations) > 0 THEN g.durations[floor(0.95 * (len(g.durations) - 1))::BIGINT + 1] END AS duration_p95_s,
    CASE WHEN len(g.durations) > 0 THEN g.durations[floor(0.99 * (len(g.durations) - 1))::BIGINT + 1] END AS duration_p99_s,
    list_max(g.durations) AS duration_max_s,
    CASE WHEN len(g.lags) > 0 THEN g.lags[floor(0.50 * (len(g.lags) - 1))::BIGINT + 1] END AS delivery_lag_p50_s,
    CASE WHEN len(g.lags) > 0 THEN g.lags[floor(0.99 * (len(g.lags) - 1))::BIGINT + 1] END AS delivery_lag_p99_s,
    list_max(g.lags) AS delivery_lag_max_s,
    to_timestamp(g.first_start) AS first_start,
    to_timestamp(g.last_end) AS last_end
FROM grouped g
JOIN endpoint_eni e USING (eni_id);

-- eni_traffic check: every record counts once at its interface-id, whatever its direction.
CREATE TABLE expected_eni_totals AS
SELECT "interface-id" AS eni_id,
       count(*) AS records,
       coalesce(sum(packets), 0)::BIGINT AS packets,
       coalesce(sum(bytes), 0)::BIGINT AS bytes
FROM raw_flow_logs
WHERE "interface-id" IS NOT NULL
GROUP BY ALL;
