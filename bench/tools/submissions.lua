-- wrk script: POST /api/v1/measurements, every request a new revision of a different (target, unit, period).
-- The rows come from a generated file (BENCH_ROWS: one line "key<TAB>unit<TAB>target<TAB>period<TAB>kind"
-- per row, kind SUM or RATIO). Thread t of T takes rows t, t+T, t+2T, ... so the connections of all threads
-- are spread over every row and no row is hot while there are more rows than connections.
-- done() prints one JSON line: requests, duration, latency percentiles (us), errors, status classes.

dofile(os.getenv("BENCH_TOOLS") .. "/report.lua")

local rows = {}
local counter = 0
local nthreads = 1

local function load_rows()
  local path = os.getenv("BENCH_ROWS")
  local f = assert(io.open(path, "r"), "cannot open BENCH_ROWS " .. tostring(path))
  for line in f:lines() do
    local key, unit, target, period, kind = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if key then rows[#rows + 1] = {key, unit, target, period, kind} end
  end
  f:close()
end

function init(args)
  load_rows()
  -- id is the global setup() gave this thread; the thread count comes from the caller (same as wrk -t)
  id = id or 0
  nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
end

local path = os.getenv("BENCH_PATH") or "/api/v1/measurements"
local run = os.getenv("BENCH_RUN") or "x"

function request()
  local n = counter
  counter = counter + 1
  local r = rows[((n * nthreads + id) % #rows) + 1]
  local body
  if r[5] == "RATIO" then
    local den = 10000 + (n % 997)
    body = string.format('{"target":"%s","unit":"%s","period":"%s","numerator":%d,"denominator":%d,"comment":"bench %s %d/%d"}',
      r[3], r[2], r[4], den - (n % 491), den, run, id, n)
  else
    body = string.format('{"target":"%s","unit":"%s","period":"%s","value":%d,"comment":"bench %s %d/%d"}',
      r[3], r[2], r[4], 100 + (n % 4001), run, id, n)
  end
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. r[1], ["Content-Type"] = "application/json"}, body)
end
