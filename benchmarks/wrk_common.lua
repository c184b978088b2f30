-- What the wrk scripts of benchmarks/ share (loaded with require, LUA_PATH set by harness.py):
-- each thread numbered (tid), and at the end the figures harness.wrk reads back. A script counts
-- its own successes in `oks` and failures in `errors`, and may write each acknowledgement to a
-- file per thread (ack).
oks, errors = 0, 0
local counter, threads = 0, {}

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

local common = {}

function common.ack_file(path)
  if path and path ~= "" then return io.open(path .. "." .. tid, "w") end
end

function done(summary, latency, requests)
  local total, total_errors = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("oks")
    total_errors = total_errors + t:get("errors")
  end
  io.write(string.format("DONE %d %d\n", total, total_errors))
  io.write(string.format("LAT %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
  io.write(string.format("SUMMARY %d %d %d %d %d\n", summary.duration, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.bytes))
end

return common
