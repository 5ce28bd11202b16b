# Sidekiq's own Ruby API reading what a Queues page shows: the anchor the
# queues suite measures Howdah against in the same run (issue 16 point 4).
# Prints one JSON line: Sidekiq's version, the timings (ms) and what the last
# reading saw, so the suite can check both sides read the same figures.
#
#   REDIS_URL=redis://127.0.0.1:6379/6 ruby dev/bench/sidekiq-ruby-anchor.rb summary 1000
#     Sidekiq::Stats, every Sidekiq::Queue's size and latency, the
#     ProcessSet and the WorkSet (what each thread runs): the live page.
#   REDIS_URL=… ruby dev/bench/sidekiq-ruby-anchor.rb page 100 ingress 900000 25
#     One page of a queue, oldest first, at an offset, as Sidekiq's web UI
#     pages a queue (Sidekiq::Paginator; Sidekiq::Queue itself only walks
#     from the head), each job read through Sidekiq::JobRecord.
require "json"
require "sidekiq"
require "sidekiq/api"
require "sidekiq/paginator"

Sidekiq.configure_client { |c| c.redis = { url: ENV.fetch("REDIS_URL") } }
mode = ARGV[0] || "summary"
times = Integer(ARGV[1] || "1000")

read =
  case mode
  when "summary"
    lambda do
      stats = Sidekiq::Stats.new
      {
        enqueued: stats.enqueued, scheduled: stats.scheduled_size, retries: stats.retry_size,
        dead: stats.dead_size, processes: stats.processes_size, busy: stats.workers_size,
        processed: stats.processed, failed: stats.failed,
        queues: Sidekiq::Queue.all.map { |q| [q.name, q.size, q.latency] },
        alive: Sidekiq::ProcessSet.new.map { |p| [p["identity"], p["busy"], p["concurrency"]] },
        running: Sidekiq::WorkSet.new.map { |_process, _thread, work| [work["queue"], work["payload"]["class"]] },
      }
    end
  when "page"
    queue = ARGV[2] || "ingress"
    offset = Integer(ARGV[3] || "0")
    size = Integer(ARGV[4] || "25")
    raise "the offset must fall on a page boundary" unless (offset % size).zero?
    pager = Object.new.extend(Sidekiq::Paginator)
    lambda do
      _page, total, items = pager.page("queue:#{queue}", offset / size + 1, size, reverse: true)
      jobs = items.map do |raw|
        job = Sidekiq::JobRecord.new(raw, queue)
        [job.jid, job.display_class, job.display_args, job.enqueued_at]
      end
      { total: total, jids: jobs.map(&:first) }
    end
  else
    raise "unknown mode #{mode}"
  end

seen = nil
[times / 20, 5].max.times { seen = read.call } # warm-up, as the TypeScript side gets
samples = Array.new(times) do
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  read.call
  (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
end
puts JSON.generate(version: Sidekiq::VERSION, ms: samples, seen: seen)
