-- wrk script for benchmarks/burst.py: each wrk thread has one connection and walks its share of
-- the card codes. mode "complete": GET the ballot, POST it to confirm, POST the cast (as a phone
-- does); mode "cast": only the cast. Acknowledged casts can be written to a file per thread.
local common = require("wrk_common")
local codes, i, step = {}, 0, 0
local body, code, ackfile

function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  mode, primary, ranks, token = args[3], args[4], args[5], args[6]
  local n = 0
  for line in io.lines(path) do
    if n % nthreads == tid then codes[#codes + 1] = line end
    n = n + 1
  end
  ackfile = common.ack_file(args[7])
  wrk.headers["Cookie"] = "csrftoken=" .. token
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  body = "csrftoken=" .. token .. "&primary_id=" .. primary .. "&" .. ranks
  step = (mode == "cast") and 2 or 0
end

function request()
  if step == 0 or (mode == "cast" and step == 2) then
    i = i + 1
    if i > #codes then
      wrk.thread:stop()
      i = #codes
    end
    code = codes[i]
  end
  if step == 0 then
    return wrk.format("GET", "/v/" .. code, nil, nil)
  elseif step == 1 then
    return wrk.format("POST", "/v/" .. code, nil, body)
  end
  return wrk.format("POST", "/v/" .. code .. "/cast", nil, body)
end

function response(status, headers, resp)
  if status ~= 200 then
    errors = errors + 1
  elseif step == 2 then
    oks = oks + 1
    if ackfile then ackfile:write(code, "\n"); ackfile:flush() end
  end
  if mode == "complete" then step = (step + 1) % 3 end
end
