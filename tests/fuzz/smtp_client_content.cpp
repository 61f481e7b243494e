// Which of an SMTP client's bytes are a message's content, read from outside it
// (sim/proto/smtp/client_content.hpp), against the server itself: the same bytes go to an
// smtp::Server, whose state before each line says whether it reads that line as content.
// First byte: options (bits 0-1 smtpd_forbid_bare_newline: normal, no, strict, normal; bit 2 a
// forced 554 to DATA; bit 3 a forced 451 to RCPT; bit 4 no PIPELINING). The rest: the client's
// writes cut at 0xFF. A write starting with 'P' goes to the reader whole, as a pipelining client
// sends it or a student pastes it, and the server's replies to it after; any other write goes a
// line at a time, each line's replies read before the next, as a client that waits for each.
//
// Checked: the parts put together are the write, none empty; in a write that waits, each line is
// content exactly when the server reads it as content; after every write, in_content() is whether
// the server is reading content.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "fuzz/smtp_hooks.hpp"
#include "sim/proto/smtp/client_content.hpp"
#include "sim/proto/smtp/server.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

// The write in pieces that each end a line (the last one may not).
std::vector<std::string_view> pieces(std::string_view w) {
  std::vector<std::string_view> out;
  while (!w.empty()) {
    const std::size_t lf = w.find('\n');
    const std::size_t n = lf == std::string_view::npos ? w.size() : lf + 1;
    out.push_back(w.substr(0, n));
    w.remove_prefix(n);
  }
  return out;
}

std::string labels_of(const std::vector<smtp::ClientContent::Part>& parts, std::string_view write) {
  std::string joined, labels;
  for (const auto& [part, content] : parts) {
    FUZZ_CHECK(!part.empty(), "an empty part of " + visible(write));
    joined.append(part);
    labels.append(part.size(), content ? 'M' : 'C');
  }
  FUZZ_CHECK(joined == write, "parts " + visible(joined) + " of " + visible(write));
  return labels;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  smtp::ServerConfig config;
  config.hostname = "mx.example";
  config.max_message_size = 2000;
  const smtp::BareNewline policies[] = {smtp::BareNewline::Normal, smtp::BareNewline::No, smtp::BareNewline::Strict,
                                        smtp::BareNewline::Normal};
  config.forbid_bare_newline = policies[options & 3];
  if (options & 4) config.forced_replies["DATA"] = smtp::make_reply(554, "5.7.1", "Rejected by policy");
  if (options & 8) config.forced_replies["RCPT"] = smtp::make_reply(451, "4.7.1", "Greylisted, try again later");
  config.pipelining = !(options & 16);
  smtp::ServerHooks hooks;
  hooks.check_rcpt = fuzz::check_rcpt_unknown;
  hooks.accept_message = [](const smtp::Envelope&, const std::string&) { return smtp::make_reply(250, "2.0.0", "Ok"); };
  smtp::Server server(config, hooks);
  smtp::ClientContent reader(smtp::ClientContent::Options::of(config, true));
  reader.from_server(server.start());

  bool line_open = false, line_in_data = false;  // a line the server has begun, and how it began
  auto reading_content = [&] { return server.state() == smtp::ServerState::Data; };
  for (std::string_view write : fuzz::split_feeds(input)) {
    const bool pasted = write.starts_with('P');
    if (pasted) write.remove_prefix(1);
    std::string want, got, replies;
    if (pasted) got = labels_of(reader.from_client(write), write);
    for (std::string_view piece : pieces(write)) {
      if (!line_open) line_in_data = reading_content();
      want.append(piece.size(), line_in_data ? 'M' : 'C');
      line_open = piece.back() != '\n';
      if (!pasted) got += labels_of(reader.from_client(piece), piece);
      const std::string out = server.feed(piece);
      if (pasted) replies += out;
      else reader.from_server(out);
      if (server.closed() || server.starting_tls()) return 0;  // no more content either way
    }
    if (pasted) reader.from_server(replies);
    if (!pasted) FUZZ_CHECK(got == want, "labels " + got + ", the server read " + want + " in " + visible(write));
    FUZZ_CHECK(reader.in_content() == reading_content(),
               std::string("in_content() is ") + (reader.in_content() ? "true" : "false") + " after " + visible(write));
  }
  return 0;
}
