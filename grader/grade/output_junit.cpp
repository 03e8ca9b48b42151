// JUnit XML (GitLab, Jenkins): one <testsuite> per report, one <testcase> per exercise.
#include <fmt/format.h>

#include <string_view>

#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::CutBytes;
using output::FindingText;
using output::Label;
using output::TestName;

/// Decodes the UTF-8 sequence at s[i]: its length, or 0 when it is not valid UTF-8.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t c = 0, min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}


std::string ReproduceHint(const GradedExercise& e) {
  std::string cmd = "threadlings verify " + (e.name.empty() ? e.dir_name : e.name);
  if (!e.seed.empty()) cmd += " --seed " + e.seed;
  return "to reproduce: " + cmd;
}

/// Escapes for XML 1.0 text or attribute values: markup characters become entities, characters
/// XML cannot hold (control characters but tab, newline, return) are dropped, bytes that are
/// not UTF-8 become U+FFFD.
std::string Xml(std::string_view s, bool attribute = false) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const std::string_view bytes = s.substr(i, len);
    i += len;
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;  // so "]]>" cannot appear
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;  // parsers turn a raw one into a newline
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) break;  // not allowed in XML 1.0
        out += bytes;
    }
  }
  return out;
}

std::string Seconds(double s) { return fmt::format("{:.3f}", s); }

struct JunitCounts {
  int tests = 0, failures = 0, errors = 0;
};

JunitCounts CountJunit(const GradeReport& r) {
  JunitCounts c;
  c.tests = static_cast<int>(r.exercises.size());
  for (const auto& e : r.exercises) {
    if (e.verdict == Verdict::kError) ++c.errors;
    else if (e.verdict != Verdict::kPass) ++c.failures;
  }
  if (!r.error.empty()) ++c.tests, ++c.errors;
  return c;
}

void JunitTestcase(const GradeReport& r, const GradedExercise& e, std::string* out) {
  const std::string classname = "threadlings." + Label(r);
  *out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", Xml(classname, true), Xml(TestName(e), true));
  if (!e.where.empty()) *out += fmt::format(" file=\"{}\"", Xml(e.where.file, true));
  *out += fmt::format(" time=\"{}\">\n", Seconds(e.seconds));
  if (e.verdict != Verdict::kPass) {
    const char* tag = e.verdict == Verdict::kError ? "error" : "failure";
    const std::string text = FindingText(e) + "\n" + ReproduceHint(e);
    *out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", tag, VerdictName(e.verdict),
                        Xml(e.summary, true), Xml(text), tag);
  }
  if (!e.output.empty())
    *out += fmt::format("      <system-out>{}</system-out>\n", Xml(CutBytes(e.output, kMaxOutput)));
  *out += "    </testcase>\n";
}

void JunitSuite(const GradeReport& r, std::string* out) {
  const JunitCounts c = CountJunit(r);
  *out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                      Xml("threadlings: " + Label(r), true), c.tests, c.failures, c.errors, Seconds(r.seconds));
  *out += "    <properties>\n";
  const std::vector<std::pair<std::string, std::string>> properties = {
      {"points", std::to_string(r.Points())},
      {"points_max", std::to_string(r.PointsMax())},
      {"kit_digest", r.kit_digest},
      {"threadlings_version", r.threadlings_version},
  };
  for (const auto& [name, value] : properties)
    if (!value.empty())
      *out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, Xml(value, true));
  *out += "    </properties>\n";
  for (const auto& e : r.exercises) JunitTestcase(r, e, out);
  if (!r.error.empty())
    *out += fmt::format(
        "    <testcase classname=\"{}\" name=\"grader\" time=\"0.000\">\n"
        "      <error type=\"error\" message=\"{}\">threadlings could not run the grader: {}</error>\n"
        "    </testcase>\n",
        Xml("threadlings." + Label(r), true), Xml(r.error, true), Xml(r.error));
  *out += "  </testsuite>\n";
}

}  // namespace

std::string ReportToJunit(const std::vector<GradeReport>& reports) {
  JunitCounts total;
  double seconds = 0;
  for (const auto& r : reports) {
    const JunitCounts c = CountJunit(r);
    total.tests += c.tests, total.failures += c.failures, total.errors += c.errors;
    seconds += r.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"threadlings\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                     total.tests, total.failures, total.errors, Seconds(seconds));
  for (const auto& r : reports) JunitSuite(r, &out);
  return out + "</testsuites>\n";
}

}  // namespace threadlings
