# Sidekiq's own Ruby API reading what the Queues page shows: Sidekiq::Stats
# and, for every queue, Sidekiq::Queue#size and #latency. The anchor for the
# queue summary (issue 16 point 4). Prints one JSON line of timings (ms).
#   REDIS_URL=redis://127.0.0.1:6395/0 ruby dev/bench/sidekiq-ruby-anchor.rb 1000
require "json"
require "sidekiq"
require "sidekiq/api"

Sidekiq.configure_client { |c| c.redis = { url: ENV.fetch("REDIS_URL") } }
times = Integer(ARGV[0] || "1000")
read = lambda do
  stats = Sidekiq::Stats.new
  [stats.enqueued, stats.scheduled_size, stats.retry_size, stats.dead_size, stats.processes_size,
   stats.workers_size, stats.processed, stats.failed] +
    Sidekiq::Queue.all.map { |q| [q.name, q.size, q.latency] }
end
50.times { read.call } # warm-up, as the TypeScript side gets
samples = Array.new(times) do
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  read.call
  (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
end
puts JSON.generate(version: Sidekiq::VERSION, ms: samples)
