// Our own JSON format (docs/GRADING.md): writing a report and reading it back.
#include <fmt/format.h>

#include <climits>
#include <string_view>

#include "grade_output.h"
#include "output_common.h"
#include "suggest.h"

namespace threadlings {
namespace {

using nlohmann::json;
using output::Dump;
using output::ordered_json;

constexpr std::string_view kSchema = "threadlings-grade";

ordered_json NullIfEmpty(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

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
         f.Int("line", &e->where.line, true) && f.Int("column", &e->where.column, true) &&
         f.Strings("details", &e->details) &&
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

}  // namespace

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
    x["column"] = e.where.column == 0 ? ordered_json() : ordered_json(e.where.column);
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

}  // namespace threadlings
