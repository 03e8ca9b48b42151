#include "grade_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "suggest.h"

namespace threadlings {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;  // keeps the documented field order in what we write

constexpr std::string_view kSchema = "threadlings-grade";
constexpr size_t kExercismOutputChars = 500;
constexpr size_t kExercismMessageBytes = 65535;

// ---- text helpers -------------------------------------------------------------------------

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

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// At most `max` bytes of `s`, not cutting a UTF-8 sequence in two.
std::string_view CutBytes(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && IsContinuationByte(s[cut])) --cut;
  return s.substr(0, cut);
}

/// At most `max` characters (code points) of `s`.
std::string_view CutChars(std::string_view s, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (chars++ == max) return s.substr(0, i);
  }
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

/// Who a report is about: the student, else "submission".
std::string Label(const GradeReport& r) { return r.student.empty() ? "submission" : r.student; }

/// "01_race_hit_counter: Race on a hit counter".
std::string TestName(const GradedExercise& e) {
  const std::string& id = e.dir_name.empty() ? e.name : e.dir_name;
  return e.title.empty() ? id : id + ": " + e.title;
}

std::string ExerciseId(const GradedExercise& e) { return e.dir_name.empty() ? e.name : e.dir_name; }

/// "path:line", "path", or "" when unknown.
std::string LocationText(const Location& where) {
  if (where.empty()) return "";
  return where.line > 0 ? fmt::format("{}:{}", where.file, where.line) : where.file;
}

/// What was found, one fact a line: summary, location, details, check, seed.
std::string FindingText(const GradedExercise& e) {
  std::vector<std::string> lines;
  if (!e.summary.empty()) lines.push_back(e.summary);
  if (!e.where.empty()) lines.push_back("at " + LocationText(e.where));
  for (const auto& d : e.details) lines.push_back("  " + d);
  if (!e.check.empty()) lines.push_back("check: " + e.check);
  if (!e.seed.empty()) lines.push_back("seed: " + e.seed);
  return Join(lines, "\n");
}

std::string ReproduceHint(const GradedExercise& e) {
  std::string cmd = "threadlings verify " + (e.name.empty() ? e.dir_name : e.name);
  if (!e.seed.empty()) cmd += " --seed " + e.seed;
  return "to reproduce: " + cmd;
}

std::vector<const Protection*> ProtectionsNotInForce(const GradeReport& r) {
  std::vector<const Protection*> out;
  for (const auto& p : r.sandbox)
    if (!p.in_force) out.push_back(&p);
  return out;
}

int PassedCount(const GradeReport& r) {
  return static_cast<int>(std::count_if(r.exercises.begin(), r.exercises.end(),
                                        [](const auto& e) { return e.verdict == Verdict::kPass; }));
}

std::string Dump(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

ordered_json NullIfEmpty(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

// ---- our JSON: reading ----------------------------------------------------------------------

/// Reads the fields of one JSON object; the first problem goes to `err`, named by its path.
class Fields {
 public:
  Fields(const json& j, std::string path, std::string* err) : j_(j), path_(std::move(path)), err_(err) {}

  std::string Name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const json* Find(const char* key) const {
    const auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  bool Fail(std::string_view key, const std::string& what) const {
    *err_ = Name(key) + ": " + what;
    return false;
  }

  bool Expected(const char* key, std::string_view what, const json& v) const {
    return Fail(key, fmt::format("expected {}, got {}", what, v.type_name()));
  }

  /// A missing field keeps `*out`; null reads as "" when `nullable`.
  bool String(const char* key, std::string* out, bool nullable = false) const {
    const json* v = Find(key);
    if (!v) return true;
    if (nullable && v->is_null()) {
      out->clear();
      return true;
    }
    if (!v->is_string()) return Expected(key, nullable ? "a string or null" : "a string", *v);
    *out = v->get<std::string>();
    return true;
  }

  /// Null reads as 0 when `nullable`.
  bool Int(const char* key, int* out, bool nullable = false) const {
    const json* v = Find(key);
    if (!v) return true;
    if (nullable && v->is_null()) {
      *out = 0;
      return true;
    }
    if (!v->is_number_integer()) return Expected(key, "an integer", *v);
    const bool fits = v->is_number_unsigned() ? v->get<uint64_t>() <= INT_MAX
                                              : v->get<int64_t>() >= INT_MIN && v->get<int64_t>() <= INT_MAX;
    if (!fits) return Fail(key, "the number is out of range");
    *out = v->get<int>();
    return true;
  }

  bool Size(const char* key, size_t* out) const {
    const json* v = Find(key);
    if (!v) return true;
    if (!v->is_number_unsigned()) return Expected(key, "a non-negative integer", *v);
    *out = v->get<size_t>();
    return true;
  }

  /// Null (what JSON makes of a NaN) reads as 0.
  bool Double(const char* key, double* out) const {
    const json* v = Find(key);
    if (!v) return true;
    if (v->is_null()) {
      *out = 0;
      return true;
    }
    if (!v->is_number()) return Expected(key, "a number", *v);
    *out = v->get<double>();
    return true;
  }

  bool Bool(const char* key, bool* out) const {
    const json* v = Find(key);
    if (!v) return true;
    if (!v->is_boolean()) return Expected(key, "true or false", *v);
    *out = v->get<bool>();
    return true;
  }

  bool Strings(const char* key, std::vector<std::string>* out) const {
    const json* v = Find(key);
    if (!v) return true;
    if (!v->is_array()) return Expected(key, "an array", *v);
    out->clear();
    for (size_t i = 0; i < v->size(); ++i) {
      const json& s = (*v)[i];
      if (!s.is_string()) return Fail(fmt::format("{}[{}]", key, i), fmt::format("expected a string, got {}", s.type_name()));
      out->push_back(s.get<std::string>());
    }
    return true;
  }

  /// Calls `read(element, path)` for each object of the array `key`.
  template <typename F>
  bool Objects(const char* key, F read) const {
    const json* v = Find(key);
    if (!v) return true;
    if (!v->is_array()) return Expected(key, "an array", *v);
    for (size_t i = 0; i < v->size(); ++i) {
      const std::string path = fmt::format("{}[{}]", Name(key), i);
      if (!(*v)[i].is_object()) {
        *err_ = fmt::format("{}: expected an object, got {}", path, (*v)[i].type_name());
        return false;
      }
      if (!read((*v)[i], path)) return false;
    }
    return true;
  }

 private:
  const json& j_;
  std::string path_;
  std::string* err_;
};

/// Why `text` is not JSON, with its line and column (nlohmann's message, without its prefix).
std::string SyntaxError(const std::string& text) {
  struct Sax : nlohmann::json_sax<json> {
    std::string message = "it is not valid JSON";
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
      std::string_view what = ex.what();
      if (const size_t end = what.find("] "); what.starts_with("[json.exception.") && end != what.npos)
        what.remove_prefix(end + 2);
      message = "it is not valid JSON: " + std::string(what);
      return false;
    }
  } sax;
  json::sax_parse(text, &sax);
  return sax.message;
}

bool ReadProtection(const json& j, const std::string& path, Protection* p, std::string* err) {
  const Fields f(j, path, err);
  return f.String("name", &p->name) && f.Bool("in_force", &p->in_force) && f.String("detail", &p->detail);
}

bool ReadVerdict(const Fields& f, Verdict* out) {
  const json* v = f.Find("verdict");
  if (!v) return f.Fail("verdict", "missing");
  if (!v->is_string()) return f.Expected("verdict", "a string", *v);
  const std::string name = v->get<std::string>();
  const auto verdict = ParseVerdict(name);
  if (!verdict) {
    std::vector<std::string> names;
    for (Verdict known : AllVerdicts()) names.emplace_back(VerdictName(known));
    return f.Fail("verdict", "unknown verdict '" + name + "'" + DidYouMean(name, names));
  }
  *out = *verdict;
  return true;
}

bool ReadExercise(const json& j, const std::string& path, GradedExercise* e, std::string* err) {
  const Fields f(j, path, err);
  return f.String("name", &e->name) && f.String("dir", &e->dir_name) && f.String("title", &e->title) &&
         f.Strings("topics", &e->topics) && f.Int("points", &e->points) &&
         f.Int("points_max", &e->points_max) && ReadVerdict(f, &e->verdict) &&
         f.String("summary", &e->summary) && f.String("file", &e->where.file, true) &&
         f.Int("line", &e->where.line, true) && f.Strings("details", &e->details) &&
         f.String("check", &e->check) && f.String("seed", &e->seed) && f.String("output", &e->output) &&
         f.Strings("files", &e->files) && f.Strings("missing", &e->missing) &&
         f.Strings("review", &e->review) && f.Double("seconds", &e->seconds);
}

bool ReadHeader(const Fields& f, GradeReport* r) {
  std::string schema;
  if (const json* s = f.Find("schema"); s && s->is_string()) schema = s->get<std::string>();
  if (schema != kSchema)
    return f.Fail("schema", schema.empty() ? "missing: this is not a threadlings grade report"
                                           : "'" + schema + "' is not a threadlings grade report (expected '" +
                                                 std::string(kSchema) + "')");
  if (!f.Find("version")) return f.Fail("version", "missing");
  if (!f.Int("version", &r->version)) return false;
  if (r->version < 1) return f.Fail("version", fmt::format("{} is not a schema version", r->version));
  if (r->version > kGradeSchemaVersion)
    return f.Fail("version", fmt::format("the report has schema version {}, this threadlings reads up to "
                                         "version {}: upgrade threadlings to read it",
                                         r->version, kGradeSchemaVersion));
  return true;
}

bool ReadReport(const json& j, GradeReport* r, std::string* err) {
  const Fields f(j, "", err);
  return ReadHeader(f, r) && f.String("student", &r->student) && f.String("submission", &r->submission) &&
         f.String("threadlings_version", &r->threadlings_version) && f.String("kit_digest", &r->kit_digest) &&
         f.String("compiler", &r->compiler) && f.String("started_at", &r->started_at) &&
         f.Double("seconds", &r->seconds) && f.String("shard", &r->shard, true) &&
         f.Strings("shards_merged", &r->shards_merged) && f.String("error", &r->error, true) &&
         f.Objects("sandbox",
                   [&](const json& p, const std::string& path) {
                     return ReadProtection(p, path, &r->sandbox.emplace_back(), err);
                   }) &&
         f.Strings("ignored", &r->ignored) && f.Size("ignored_more", &r->ignored_more) &&
         f.Objects("exercises", [&](const json& e, const std::string& path) {
           return ReadExercise(e, path, &r->exercises.emplace_back(), err);
         });
}

// ---- XML ----------------------------------------------------------------------------------

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

// ---- Markdown and CSV ---------------------------------------------------------------------

/// Text for a Markdown table cell or heading: no line breaks, no pipes, no HTML.
std::string MdCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n':
      case '\r': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

/// A fenced code block that the text cannot close early.
std::string MdFenced(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + "text\n" + text + "\n" + fence + "\n";
}

std::string MdRow(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + MdCell(c) + " |";
  return out + "\n";
}

std::string MdSeparator(size_t columns) {
  std::string out = "|";
  for (size_t i = 0; i < columns; ++i) out += "---|";
  return out + "\n";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// The exercises of a batch: the union over the reports, each new one placed after the one
/// it follows in its report, so learning order is kept when reports cover different parts.
std::vector<std::string> BatchColumns(const std::vector<GradeReport>& reports) {
  std::vector<std::string> columns;
  for (const auto& r : reports) {
    size_t next = 0;  // where an exercise not seen yet goes
    for (const auto& e : r.exercises) {
      const std::string id = ExerciseId(e);
      const auto it = std::find(columns.begin(), columns.end(), id);
      if (it != columns.end()) {
        next = static_cast<size_t>(it - columns.begin()) + 1;
      } else {
        columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(next), id);
        ++next;
      }
    }
  }
  return columns;
}

/// What went wrong in the grader for a report: its error and the exercises it could not grade.
std::string GraderErrors(const GradeReport& r) {
  std::vector<std::string> parts;
  if (!r.error.empty()) parts.push_back(r.error);
  for (const auto& e : r.exercises)
    if (e.verdict == Verdict::kError) parts.push_back(ExerciseId(e) + ": " + e.summary);
  return Join(parts, "; ");
}

/// The batch table: a header row, then one row per report.
std::vector<std::vector<std::string>> BatchTable(const std::vector<GradeReport>& reports) {
  const std::vector<std::string> columns = BatchColumns(reports);
  const bool any_error = std::any_of(reports.begin(), reports.end(), [](const auto& r) { return r.GraderFailed(); });
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"student"};
  header.insert(header.end(), columns.begin(), columns.end());
  header.insert(header.end(), {"total", "max"});
  if (any_error) header.push_back("grader_error");
  rows.push_back(std::move(header));
  for (const auto& r : reports) {
    std::vector<std::string> row = {r.student.empty() ? r.submission : r.student};
    for (const auto& id : columns) {
      const auto it = std::find_if(r.exercises.begin(), r.exercises.end(),
                                   [&](const auto& e) { return ExerciseId(e) == id; });
      if (it == r.exercises.end()) row.emplace_back();
      else row.push_back(it->verdict == Verdict::kError ? "error" : std::to_string(it->points));
    }
    row.push_back(r.GraderFailed() ? "error" : std::to_string(r.Points()));
    row.push_back(r.exercises.empty() ? "" : std::to_string(r.PointsMax()));
    if (any_error) row.push_back(GraderErrors(r));
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---- GitHub -------------------------------------------------------------------------------

std::string GithubData(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string GithubProperty(std::string_view s) {
  std::string out;
  for (char c : GithubData(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

/// "::command key=value,...::message", escaped.
std::string GithubCommand(std::string_view command, const std::vector<std::pair<std::string, std::string>>& properties,
                          std::string_view message) {
  std::string out = "::" + std::string(command);
  for (size_t i = 0; i < properties.size(); ++i)
    out += (i == 0 ? " " : ",") + properties[i].first + "=" + GithubProperty(properties[i].second);
  return out + "::" + GithubData(message) + "\n";
}

// ---- merging ------------------------------------------------------------------------------

bool SameIdentity(const std::vector<GradeReport>& shards, std::string* err) {
  const GradeReport& first = shards[0];
  for (size_t i = 1; i < shards.size(); ++i) {
    const GradeReport& r = shards[i];
    const auto differ = [&](std::string_view what, const std::string& a, const std::string& b) {
      *err = fmt::format("shard #1 has {} '{}' but shard #{} has '{}': they are not shards of one grading",
                         what, a, i + 1, b);
      return false;
    };
    if (r.student != first.student) return differ("student", first.student, r.student);
    if (r.kit_digest != first.kit_digest) return differ("kit digest", first.kit_digest, r.kit_digest);
    if (r.version != first.version)
      return differ("schema version", std::to_string(first.version), std::to_string(r.version));
  }
  return true;
}

void MergeSandbox(const GradeReport& shard, size_t index, std::vector<Protection>* sandbox) {
  for (const auto& p : shard.sandbox) {
    const auto it = std::find_if(sandbox->begin(), sandbox->end(), [&](const auto& q) { return q.name == p.name; });
    if (it == sandbox->end()) {
      sandbox->push_back(p);
    } else if (it->in_force && !p.in_force) {
      *it = p;
      it->detail += fmt::format(" (not in force in shard #{})", index + 1);
    }
  }
}

}  // namespace

// ---- public -------------------------------------------------------------------------------

std::string ReportToJson(const GradeReport& r) {
  ordered_json j;
  j["schema"] = std::string(kSchema);
  j["version"] = r.version;
  j["student"] = r.student;
  j["submission"] = r.submission;
  j["threadlings_version"] = r.threadlings_version;
  j["kit_digest"] = r.kit_digest;
  j["compiler"] = r.compiler;
  j["started_at"] = r.started_at;
  j["seconds"] = r.seconds;
  j["shard"] = NullIfEmpty(r.shard);
  j["shards_merged"] = r.shards_merged;
  j["points"] = r.Points();
  j["points_max"] = r.PointsMax();
  j["passed"] = r.AllPassed();
  j["exit_code"] = GradeExitCode(r);
  j["error"] = NullIfEmpty(r.error);
  j["sandbox"] = ordered_json::array();
  for (const auto& p : r.sandbox)
    j["sandbox"].push_back({{"name", p.name}, {"in_force", p.in_force}, {"detail", p.detail}});
  j["ignored"] = r.ignored;
  j["ignored_more"] = r.ignored_more;
  j["exercises"] = ordered_json::array();
  for (const auto& e : r.exercises) {
    ordered_json x;
    x["name"] = e.name;
    x["dir"] = e.dir_name;
    x["title"] = e.title;
    x["topics"] = e.topics;
    x["points"] = e.points;
    x["points_max"] = e.points_max;
    x["verdict"] = std::string(VerdictName(e.verdict));
    x["summary"] = e.summary;
    x["file"] = NullIfEmpty(e.where.file);
    x["line"] = e.where.line == 0 ? ordered_json() : ordered_json(e.where.line);
    x["details"] = e.details;
    x["check"] = e.check;
    x["seed"] = e.seed;
    x["output"] = e.output;
    x["files"] = e.files;
    x["missing"] = e.missing;
    x["review"] = e.review;
    x["seconds"] = e.seconds;
    j["exercises"].push_back(std::move(x));
  }
  return Dump(j);
}

bool ReportFromJson(const std::string& text, GradeReport* out, std::string* err) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    *err = SyntaxError(text);
    return false;
  }
  if (!j.is_object()) {
    *err = fmt::format("expected a JSON object at the top, got {}", j.type_name());
    return false;
  }
  GradeReport r;
  try {
    if (!ReadReport(j, &r, err)) return false;
  } catch (const nlohmann::json::exception& e) {  // not expected: every field's type is checked
    *err = std::string("it could not be read: ") + e.what();
    return false;
  }
  *out = std::move(r);
  return true;
}

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

std::string ReportToExercism(const GradeReport& r) {
  ordered_json j;
  j["version"] = 3;
  const bool none_ran =
      !r.error.empty() || std::all_of(r.exercises.begin(), r.exercises.end(), [](const auto& e) {
        return e.verdict == Verdict::kCompileError || e.verdict == Verdict::kError;
      });
  j["status"] = none_ran ? "error" : r.AllPassed() ? "pass" : "fail";
  if (none_ran) {
    std::string message;
    if (!r.error.empty()) message = "threadlings could not grade this submission: " + r.error;
    else if (r.exercises.empty()) message = "threadlings graded no exercise";
    else message = Join([&] {
        std::vector<std::string> lines = {r.exercises[0].summary};
        lines.insert(lines.end(), r.exercises[0].details.begin(), r.exercises[0].details.end());
        return lines;
      }(), "\n");
    j["message"] = std::string(CutBytes(message, kExercismMessageBytes));
  }
  j["tests"] = ordered_json::array();
  for (const auto& e : r.exercises) {
    ordered_json t;
    t["name"] = TestName(e);
    const bool error = e.verdict == Verdict::kCompileError || e.verdict == Verdict::kError;
    t["status"] = e.verdict == Verdict::kPass ? "pass" : error ? "error" : "fail";
    if (e.verdict != Verdict::kPass) t["message"] = std::string(CutBytes(FindingText(e), kExercismMessageBytes));
    if (!e.output.empty()) {
      const std::string_view cut = CutChars(e.output, kExercismOutputChars);
      t["output"] = std::string(cut) + (cut.size() < e.output.size() ? "... (output truncated)" : "");
    }
    if (!e.check.empty()) t["test_code"] = e.check;
    j["tests"].push_back(std::move(t));
  }
  return Dump(j);
}

std::string ReportToGradescope(const GradeReport& r) {
  std::string output;
  if (!r.error.empty()) output = "threadlings could not run the grader: " + r.error + "\n";
  output += fmt::format("threadlings: {}, {}/{} points, {} of {} exercises passed", Label(r), r.Points(),
                        r.PointsMax(), PassedCount(r), r.exercises.size());
  if (!r.ignored.empty()) {
    output += "\n\nIgnored files (they have no effect on the grade):";
    for (const auto& f : r.ignored) output += "\n  " + f;
    if (r.ignored_more > 0) output += fmt::format("\n  and {} more", r.ignored_more);
  }
  if (const auto off = ProtectionsNotInForce(r); !off.empty()) {
    output += "\n\nSandbox protections not in force:";
    for (const Protection* p : off) output += "\n  " + p->name + (p->detail.empty() ? "" : ": " + p->detail);
  }
  ordered_json j;
  j["score"] = r.error.empty() ? r.Points() : 0;
  j["execution_time"] = std::round(r.seconds * 1000) / 1000;
  j["output"] = output;
  j["visibility"] = "visible";
  j["stdout_visibility"] = "visible";
  j["tests"] = ordered_json::array();
  for (size_t i = 0; i < r.exercises.size(); ++i) {
    const GradedExercise& e = r.exercises[i];
    ordered_json t;
    t["score"] = e.points;
    t["max_score"] = e.points_max;
    t["name"] = TestName(e);
    t["number"] = std::to_string(i + 1);
    t["output"] = std::string(VerdictName(e.verdict)) + (e.summary.empty() && e.where.empty() && e.details.empty()
                                                             ? ""
                                                             : ": " + FindingText(e));
    t["tags"] = e.topics;
    t["visibility"] = "visible";
    t["status"] = e.verdict == Verdict::kPass ? "passed" : "failed";
    j["tests"].push_back(std::move(t));
  }
  return Dump(j);
}

std::string ReportToGithubAnnotations(const GradeReport& r, const std::string& path_prefix) {
  std::string out;
  if (!r.error.empty()) out += GithubCommand("error", {{"title", "threadlings could not run"}}, r.error);
  for (const auto& e : r.exercises) {
    if (e.verdict == Verdict::kPass) continue;
    std::vector<std::pair<std::string, std::string>> properties;
    if (!e.where.empty()) {
      properties.emplace_back("file", path_prefix + e.where.file);
      if (e.where.line > 0) properties.emplace_back("line", std::to_string(e.where.line));
    }
    properties.emplace_back("title", e.verdict == Verdict::kError
                                         ? "threadlings could not grade " + ExerciseId(e)
                                         : ExerciseId(e) + ": " + std::string(VerdictName(e.verdict)));
    std::vector<std::string> lines = {e.summary};
    lines.insert(lines.end(), e.details.begin(), e.details.end());
    out += GithubCommand("error", properties, Join(lines, "\n"));
  }
  return out + GithubCommand("notice", {{"title", "threadlings"}},
                             fmt::format("Points {}/{}", r.Points(), r.PointsMax()));
}

std::string ReportToMarkdown(const GradeReport& r) {
  std::string out = "## threadlings: ";
  if (!r.student.empty()) out += MdCell(r.student) + ", ";
  out += fmt::format("{}/{} points\n\n", r.Points(), r.PointsMax());
  if (!r.error.empty()) out += "**The grader could not run:** " + MdCell(r.error) + "\n\n";
  if (!r.exercises.empty()) {
    out += MdRow({"#", "exercise", "verdict", "points", "where"}) + MdSeparator(5);
    for (size_t i = 0; i < r.exercises.size(); ++i) {
      const GradedExercise& e = r.exercises[i];
      out += MdRow({std::to_string(i + 1), TestName(e), std::string(VerdictName(e.verdict)),
                    fmt::format("{}/{}", e.points, e.points_max), LocationText(e.where)});
    }
  }
  if (PassedCount(r) < static_cast<int>(r.exercises.size())) {
    out += "\n### Not passed\n";
    for (const auto& e : r.exercises)
      if (e.verdict != Verdict::kPass)
        out += fmt::format("\n**{}**: {}\n\n", MdCell(TestName(e)), VerdictName(e.verdict)) +
               MdFenced(FindingText(e));
  }
  bool any_review = false;
  for (const auto& e : r.exercises) any_review = any_review || !e.review.empty();
  if (any_review) {
    out += "\n### For review\n\nLines using constructs that no reference version of the file uses (a flag "
           "changes no verdict):\n\n";
    for (const auto& e : r.exercises)
      for (const auto& f : e.review) out += "- " + MdCell(f) + "\n";
  }
  if (!r.ignored.empty()) {
    out += "\n### Ignored files\n\nThese files differ from the kit and have no effect on the grade:\n\n";
    for (const auto& f : r.ignored) out += "- " + MdCell(f) + "\n";
    if (r.ignored_more > 0) out += fmt::format("- and {} more\n", r.ignored_more);
  }
  if (const auto off = ProtectionsNotInForce(r); !off.empty()) {
    out += "\n### Sandbox protections not in force\n\n";
    for (const Protection* p : off) out += "- " + MdCell(p->name) + (p->detail.empty() ? "" : ": " + MdCell(p->detail)) + "\n";
  }
  return out;
}

std::string BatchCsv(const std::vector<GradeReport>& reports) {
  std::string out;
  for (const auto& row : BatchTable(reports)) {
    for (size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : ",") + CsvField(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string BatchMarkdown(const std::vector<GradeReport>& reports) {
  const auto rows = BatchTable(reports);
  std::string out = MdRow(rows[0]) + MdSeparator(rows[0].size());
  for (size_t i = 1; i < rows.size(); ++i) out += MdRow(rows[i]);
  return out;
}

bool MergeReports(const std::vector<GradeReport>& shards, GradeReport* out, std::string* err) {
  if (shards.empty()) {
    *err = "no shards to merge";
    return false;
  }
  if (!SameIdentity(shards, err)) return false;
  GradeReport m = shards[0];
  m.shard.clear();
  m.shards_merged.clear();
  m.exercises.clear();
  m.ignored.clear();
  m.sandbox.clear();
  m.seconds = 0;
  m.ignored_more = 0;
  std::vector<std::string> errors;
  std::map<std::string, size_t> graded_in;  // exercise -> the shard that graded it
  for (size_t i = 0; i < shards.size(); ++i) {
    const GradeReport& s = shards[i];
    if (!s.shard.empty() || s.shards_merged.empty()) m.shards_merged.push_back(s.shard);
    else m.shards_merged.insert(m.shards_merged.end(), s.shards_merged.begin(), s.shards_merged.end());
    for (const auto& e : s.exercises) {
      const auto [it, added] = graded_in.emplace(ExerciseId(e), i);
      if (!added) {
        *err = fmt::format("exercise '{}' is graded in shard #{} and in shard #{}", ExerciseId(e), it->second + 1, i + 1);
        return false;
      }
      m.exercises.push_back(e);
    }
    m.seconds += s.seconds;
    if (!s.started_at.empty() && (m.started_at.empty() || s.started_at < m.started_at)) m.started_at = s.started_at;
    for (const auto& f : s.ignored)
      if (std::find(m.ignored.begin(), m.ignored.end(), f) == m.ignored.end()) m.ignored.push_back(f);
    m.ignored_more = std::max(m.ignored_more, s.ignored_more);
    MergeSandbox(s, i, &m.sandbox);
    if (!s.error.empty()) errors.push_back(s.error);
  }
  std::stable_sort(m.exercises.begin(), m.exercises.end(),
                   [](const auto& a, const auto& b) { return ExerciseId(a) < ExerciseId(b); });
  m.error = Join(errors, "; ");
  *out = std::move(m);
  return true;
}

}  // namespace threadlings
