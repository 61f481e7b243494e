#pragma once
// DNS messages (RFC 1035 §4) with the real wire format, so a capture of the simulation decodes in
// Wireshark. Only the record types the lessons use: A, CNAME, PTR, MX, TXT, AAAA.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::dns {

enum class Type : std::uint16_t { A = 1, CNAME = 5, PTR = 12, MX = 15, TXT = 16, AAAA = 28 };
enum class Rcode : std::uint8_t { NoError = 0, FormErr = 1, ServFail = 2, NXDomain = 3, NotImp = 4, Refused = 5 };

std::string to_string(Type t);     // "A", "MX", ...
std::string to_string(Rcode r);    // "NOERROR", "NXDOMAIN", ...
std::optional<Type> type_from_string(std::string_view s);  // case-insensitive

struct Record {
  std::string name;                // owner, lower case, no trailing dot: "mx1.school.example"
  Type type = Type::A;
  std::uint32_t ttl = 300;
  std::uint16_t preference = 0;    // MX only
  std::string data;                // A: dotted quad; AAAA: RFC 5952 text; MX/CNAME/PTR: a domain
                                   // name; TXT: the text (its character-strings joined)
  bool operator==(const Record&) const = default;
  // Zone-file style: "school.example. 300 IN MX 10 mx1.school.example."
  std::string to_string() const;
};

struct Question {
  std::string name;
  Type type = Type::A;
  bool operator==(const Question&) const = default;
};

struct Message {
  std::uint16_t id = 0;
  bool response = false;
  bool authoritative = false;
  bool recursion_desired = false;
  Rcode rcode = Rcode::NoError;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;

  std::string encode() const;                                    // wire bytes
  static std::optional<Message> decode(std::string_view wire);   // nullopt if malformed (bounded, no
                                                                 // loops on compression pointers)
  // One line for the transcript: "query id=7 MX school.example" /
  // "response id=7 NOERROR MX school.example: 10 mx1.school.example, 20 mx2.school.example".
  std::string summary() const;
  bool operator==(const Message&) const = default;
};

// The records of `type` owned by `name` in `section`, following the CNAMEs a server put there (a
// resolver returns the chain and the final records in one answer, RFC 1034 §3.6.2); empty when the
// chain ends without them or runs longer than a server would follow (a loop).
std::vector<Record> chase(const std::vector<Record>& section, std::string name, Type type);

}  // namespace mailsim::dns
