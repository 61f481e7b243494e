#pragma once
// The loopback door of a served world: listeners for every mapped server port, and one bridge per
// accepted connection between the real socket and a virtual connection from the real-client host.
// The caller owns the loop (the CLI's until SIGINT, the classroom app's once per frame) and calls
// pump(), which moves the world's clock with real time and the bytes both ways.
//
// Serving must go on for a whole lesson whatever clients send, so everything a client can make
// grow is bounded by bytes (serve.hpp's Options): its line, what it sends, what it leaves unread,
// all of that over every connection, and the trace (trace_budget.hpp). A client past a limit is
// told so (farewell.hpp) and dropped; the others go on, and so do later ones.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/serve/farewell.hpp"
#include "sim/serve/serve.hpp"
#include "sim/serve/trace_budget.hpp"
#include "sim/world/world.hpp"

namespace mailsim::serve {

class RealClients {
 public:
  // `w` must hold the real-client host (see with_real_client) and outlive this.
  RealClients(world::World& w, Options o);
  ~RealClients();
  RealClients(const RealClients&) = delete;
  RealClients& operator=(const RealClients&) = delete;

  // Opens every listener; "" or what went wrong (nothing stays open then). From then on the
  // world's trace is kept within o.trace.
  std::string open();
  // With real ports filled in once open() succeeded.
  const std::vector<Mapping>& mappings() const { return maps_; }

  // Runs the world up to the virtual time that real time has reached, then waits at most
  // `max_wait_ms` (less when a world event falls due sooner) for sockets, and moves what arrived.
  void pump(int max_wait_ms);

  std::size_t served() const { return served_; }
  std::size_t refused() const { return refused_; }    // answered "too many connections"
  std::size_t dropped() const { return dropped_; }    // cut off past a limit, or idle
  std::size_t connected() const { return bridges_.size(); }
  bool storage_full() const { return storage_full_; }
  // What the open connections hold: sent into the world, not yet read, not yet through.
  std::size_t held_bytes() const;
  // What the bridges themselves hold: not yet read, not yet through, on the way to the servers.
  std::size_t buffered_bytes() const;
  const TraceBudget* trace_budget() const { return budget_.get(); }

 private:
  struct Bridge;
  struct Lingering {
    int fd;
    std::chrono::steady_clock::time_point until;
    short revents;  // from this round's poll (0 when it began lingering since)
  };
  using Clock = std::chrono::steady_clock;
  Time virtual_now() const;
  void accept_all(std::size_t listener);
  void start_bridge(int fd, std::size_t listener);
  void refuse(int fd, const Mapping& m, Farewell why);
  void move_bytes(Bridge& b, short revents);
  void forward(Bridge& b, std::string_view got);
  static void send_client_bytes(Bridge& b, std::string_view got);
  static void send_plain(Bridge& b, std::string_view bytes);
  // The client has closed its side: the world side closes too, after any record it cut short.
  static void close_world_side(Bridge& b);
  void drop(Bridge& b, Farewell why);
  void keep_total();
  void check_storage();
  void linger(int fd);
  void finish_lingering();
  std::size_t held(const Bridge& b) const;

  world::World& w_;
  Options o_;
  std::vector<Mapping> maps_;
  std::vector<int> listeners_;
  std::vector<Clock::time_point> paused_until_;  // per listener: out of descriptors, wait a little
  int reserve_fd_ = -1;  // given up for a moment to answer a client when descriptors run out
  int timer_slack_ = 0;  // the thread's own, put back when the bridge closes (open() sets 1 ns)
  std::vector<std::shared_ptr<Bridge>> bridges_;
  std::vector<Lingering> lingering_;  // closed for sending, read until the client closes too
  std::unique_ptr<TraceBudget> budget_;
  std::size_t mail_at_start_ = 0;      // bytes of mail the world held when serving began
  bool storage_full_ = false;          // it holds max_mail_bytes more
  std::uint64_t storage_seen_ = ~0ull;  // the trace's next seq when last measured
  std::size_t served_ = 0, refused_ = 0, dropped_ = 0;
  Clock::time_point start_;
  Time virtual_start_ = 0;
};

}  // namespace mailsim::serve
