#pragma once
// The loopback door of a served world: listeners for every mapped server port, and one bridge per
// accepted connection between the real socket and a virtual connection from the real-client host.
// The caller owns the loop (the CLI's until SIGINT, the classroom app's once per frame) and calls
// pump(), which moves the world's clock with real time and the bytes both ways.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sim/serve/serve.hpp"
#include "sim/world/world.hpp"

namespace mailsim::serve {

class RealClients {
 public:
  // `w` must hold the real-client host (see with_real_client) and outlive this.
  RealClients(world::World& w, Options o);
  ~RealClients();
  RealClients(const RealClients&) = delete;
  RealClients& operator=(const RealClients&) = delete;

  // Opens every listener; "" or what went wrong (nothing stays open then).
  std::string open();
  // With real ports filled in once open() succeeded.
  const std::vector<Mapping>& mappings() const { return maps_; }

  // Runs the world up to the virtual time that real time has reached, then waits at most
  // `max_wait_ms` (less when a world event falls due sooner) for sockets, and moves what arrived.
  void pump(int max_wait_ms);

  std::size_t served() const { return served_; }
  std::size_t refused() const { return refused_; }
  std::size_t connected() const { return bridges_.size(); }

 private:
  struct Bridge;
  using Clock = std::chrono::steady_clock;
  Time virtual_now() const;
  void accept(std::size_t listener);
  void move_bytes(Bridge& b, short revents);

  world::World& w_;
  Options o_;
  std::vector<Mapping> maps_;
  std::vector<int> listeners_;
  std::vector<std::shared_ptr<Bridge>> bridges_;
  std::size_t served_ = 0, refused_ = 0;
  Clock::time_point start_;
  Time virtual_start_ = 0;
};

}  // namespace mailsim::serve
