#pragma once
// DKIM's and DMARC's parse results are the common Parsed (sim/proto/common/parsed.hpp).
#include "sim/proto/common/parsed.hpp"

namespace mailsim::dkim {

template <class T>
using Parsed = proto::Parsed<T>;

}  // namespace mailsim::dkim
