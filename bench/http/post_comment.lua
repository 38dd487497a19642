-- wrk: post a comment through the real form endpoint, as a browser on a cached page
-- does: same Origin, the form's fields, a signed start time fetched before the run
-- (bench/http/run.py passes it in STARTED). Every request is a new reader (its own
-- X-Forwarded-For, name, email and text) so rate limits and duplicate checks pass;
-- the run number (RUN) keeps the readers of one wrk run apart from the last one's.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  origin = args[1]
  started = args[2]
  path = args[3]
  run = tonumber(args[4] or "0")
end

function request()
  counter = counter + 1
  local id = thread_id or 0
  local n = run * 100000000 + id * 10000000 + counter
  local ip = string.format("10.%d.%d.%d", (run * 7 + id) % 250, math.floor(counter / 250) % 250, counter % 250 + 1)
  local body = "name=Reader+" .. n .. "&email=reader" .. n .. "%40example.com"
    .. "&body=Walking+beside+the+team+worked+for+us+too%2C+reader+" .. n .. "."
    .. "&started=" .. started .. "&homepage=&parent="
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["X-Forwarded-For"] = ip,
  }, body)
end
