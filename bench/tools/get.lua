-- wrk script: GET $BENCH_PATH with "Authorization: Bearer $BENCH_AUTH" (an API key or a caller token).
dofile(os.getenv("BENCH_TOOLS") .. "/report.lua")

local req
function init(args)
  req = wrk.format("GET", os.getenv("BENCH_PATH"), {["Authorization"] = "Bearer " .. os.getenv("BENCH_AUTH")})
end

function request()
  return req
end
