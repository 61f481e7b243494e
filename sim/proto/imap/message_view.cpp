#include "sim/proto/imap/message_view.hpp"

#include <charconv>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/envelope.hpp"
#include "sim/proto/imap/header_fields.hpp"

namespace mailsim::imap {

std::optional<SectionSpec> SectionSpec::parse(std::string_view spec) {
  SectionSpec s;
  // section-part: nz-number *("." nz-number), then "." and the text, or the end.
  while (!spec.empty() && spec.front() >= '0' && spec.front() <= '9') {
    std::uint32_t n = 0;
    const auto [p, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), n);
    if (ec != std::errc() || n == 0) return std::nullopt;
    s.part.push_back(n);
    spec.remove_prefix(static_cast<std::size_t>(p - spec.data()));
    if (spec.empty()) return s;
    if (spec.front() != '.') return std::nullopt;
    spec.remove_prefix(1);
    if (spec.empty()) return std::nullopt;
  }
  const auto sp = spec.find(' ');
  const std::string kind = proto::to_upper(spec.substr(0, sp));
  if (kind == "HEADER.FIELDS" || kind == "HEADER.FIELDS.NOT") {
    if (sp == std::string_view::npos) return std::nullopt;
    auto list = parse_args(spec.substr(sp + 1), {});
    if (!list || list->size() != 1 || list->front().kind != Arg::Kind::List || list->front().items.empty())
      return std::nullopt;
    for (const auto& a : list->front().items) {
      // header-fld-name is an astring, but only a field name (RFC 5322 §3.6.8: printable US-ASCII
      // but ":") can match a field, and the name is written back in the FETCH response.
      if (!a.is_text() || a.text.empty()) return std::nullopt;
      for (const unsigned char c : a.text)
        if (c < 33 || c > 126 || c == ':') return std::nullopt;
      s.fields.push_back(a.text);
    }
    s.text = kind == "HEADER.FIELDS" ? Text::HeaderFields : Text::HeaderFieldsNot;
    return s;
  }
  if (sp != std::string_view::npos) return std::nullopt;
  if (kind.empty() && s.part.empty()) return s;
  if (kind == "HEADER") s.text = Text::Header;
  else if (kind == "TEXT") s.text = Text::Text;
  else if (kind == "MIME" && !s.part.empty()) s.text = Text::Mime;  // §9: MIME only after a part number
  else return std::nullopt;
  return s;
}

MessageView::MessageView(std::string_view raw) : raw_(raw) {
  const auto [header, body] = split_header(raw);
  header_ = header;
  text_ = body;
}

std::optional<std::string> MessageView::field(std::string_view name) const { return header_value(header_, name); }

std::vector<std::string> MessageView::fields(std::string_view name) const { return all_header_values(header_, name); }

std::string MessageView::header_fields(const std::vector<std::string>& names, bool exclude) const {
  return select_header_fields(header_, names, exclude);
}

const MimeEntity& MessageView::tree() const {
  if (!tree_) tree_ = parse_message(raw_);
  return *tree_;
}

std::optional<std::string> MessageView::section(const SectionSpec& spec) const {
  using T = SectionSpec::Text;
  std::string_view header = header_, body = text_;
  if (!spec.part.empty()) {
    const MimeEntity* part = find_part(tree(), spec.part);
    if (!part) return std::nullopt;
    if (spec.text == T::All) return std::string(part->body);
    if (spec.text == T::Mime) return std::string(part->header);
    // HEADER, HEADER.FIELDS and TEXT of a part are those of the message inside a message/rfc822
    // part (§6.4.5); another part has none.
    if (!part->encapsulates()) return std::nullopt;
    header = part->message.front().header;
    body = part->message.front().body;
  } else if (spec.text == T::All) {
    return std::string(raw_);
  }
  switch (spec.text) {
    case T::Header: return std::string(header);
    case T::Text: return std::string(body);
    case T::HeaderFields: return select_header_fields(header, spec.fields, false);
    case T::HeaderFieldsNot: return select_header_fields(header, spec.fields, true);
    case T::All:
    case T::Mime: break;
  }
  return std::string(body);
}

std::string MessageView::envelope() const { return imap::envelope(header_); }

std::string MessageView::body_structure(bool extended) const { return imap::body_structure(tree(), extended); }

}  // namespace mailsim::imap
