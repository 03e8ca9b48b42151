// JUnit XML (GitLab, Jenkins): one <testsuite> per report, one <testcase> per exercise, valid
// against the Jenkins xunit plugin's junit-10.xsd (tests/schemas/junit-xunit-10.xsd).
#include <fmt/format.h>

#include <string_view>

#include "escape.h"
#include "grade_output.h"
#include "output_common.h"

namespace threadlings {
namespace {

using output::CutBytes;
using output::FindingText;
using output::Label;
using output::TestName;

using escape::Xml;

std::string ReproduceHint(const GradedExercise& e) {
  std::string cmd = "threadlings verify " + (e.name.empty() ? e.dir_name : e.name);
  if (!e.seed.empty()) cmd += " --seed " + e.seed;
  return "to reproduce: " + cmd;
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
  // No `file` attribute: the xunit plugin's schema (junit-10.xsd) has none on a test case; the
  // failure's text says where.
  *out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\">\n", Xml(classname, true),
                      Xml(TestName(e), true), Seconds(e.seconds));
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
