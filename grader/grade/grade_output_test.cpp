#include "grade_output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace threadlings {
namespace {

using nlohmann::json;

GradedExercise Exercise(std::string dir, Verdict verdict, int points_max) {
  GradedExercise e;
  e.name = dir.substr(3);
  e.dir_name = std::move(dir);
  e.title = "Title of " + e.name;
  e.verdict = verdict;
  e.points_max = points_max;
  e.points = verdict == Verdict::kPass ? points_max : 0;
  e.summary = verdict == Verdict::kPass ? "every check passed" : "something went wrong";
  return e;
}

// Every field set, to non-default values.
GradeReport Full() {
  GradeReport r;
  r.student = "ada";
  r.submission = "/srv/in/ada.tar.gz";
  r.threadlings_version = "0.1.0";
  r.kit_digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  r.compiler = "g++ (Debian 12.2.0-14) 12.2.0";
  r.started_at = "2026-11-22T06:30:00Z";
  r.seconds = 12.345678901234;
  r.shard = "2/4";
  r.shards_merged = {"1/4", "3/4"};
  r.ignored = {"exercises/01_race_hit_counter/check.cpp (changed; checks come from the kit)", "notes.txt (extra)"};
  r.ignored_more = 7;
  r.sandbox = {{"wall-clock", true, "60 s"}, {"memory", false, "no cgroup v2: \"memory\" not delegated"}};
  r.error = "the disk is full";

  GradedExercise pass = Exercise("01_race_hit_counter", Verdict::kPass, 5);
  pass.topics = {"data-race", "mutex"};
  pass.files = {"exercises/01_race_hit_counter/hit_counter.h"};
  pass.seconds = 1.5;

  GradedExercise race = Exercise("02_bank", Verdict::kDataRace, 10);
  race.topics = {"atomics"};
  race.summary = "Bank::deposit and Bank::total race on balance_";
  race.where = {"exercises/02_bank/bank.h", 30};
  race.details = {"Thread T1 writes: bank.h:30 in Bank::deposit", "Main thread read it earlier: bank.h:41"};
  race.check = "Bank.Transfers";
  race.seed = "1234567";
  race.output = "WARNING: ThreadSanitizer: data race (pid=1)\n\xC3\xA9\n";
  race.files = {"exercises/02_bank/bank.h", "exercises/02_bank/bank.cpp"};
  race.missing = {"exercises/02_bank/ledger.h (not in the submission)"};
  race.review = {"exercises/02_bank/ledger.h:9: reads /proc (where the grader's command line and files show): `open(\"/proc/self/cmdline\")`"};
  race.seconds = 0.1;

  GradedExercise broken = Exercise("03_pool", Verdict::kError, 15);
  broken.where = {"exercises/03_pool/pool.h", 0};  // a file without a line
  broken.seconds = 3;

  r.exercises = {pass, race, broken};
  return r;
}

void ExpectSameExercise(const GradedExercise& a, const GradedExercise& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.dir_name, b.dir_name);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.topics, b.topics);
  EXPECT_EQ(a.points, b.points);
  EXPECT_EQ(a.points_max, b.points_max);
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.where.file, b.where.file);
  EXPECT_EQ(a.where.line, b.where.line);
  EXPECT_EQ(a.details, b.details);
  EXPECT_EQ(a.check, b.check);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.output, b.output);
  EXPECT_EQ(a.files, b.files);
  EXPECT_EQ(a.missing, b.missing);
  EXPECT_EQ(a.review, b.review);
  EXPECT_EQ(a.seconds, b.seconds);  // exact: the JSON keeps every bit of a double
}

void ExpectSameReport(const GradeReport& a, const GradeReport& b) {
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.student, b.student);
  EXPECT_EQ(a.submission, b.submission);
  EXPECT_EQ(a.threadlings_version, b.threadlings_version);
  EXPECT_EQ(a.kit_digest, b.kit_digest);
  EXPECT_EQ(a.compiler, b.compiler);
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.seconds, b.seconds);
  EXPECT_EQ(a.shard, b.shard);
  EXPECT_EQ(a.shards_merged, b.shards_merged);
  EXPECT_EQ(a.ignored, b.ignored);
  EXPECT_EQ(a.ignored_more, b.ignored_more);
  EXPECT_EQ(a.error, b.error);
  ASSERT_EQ(a.sandbox.size(), b.sandbox.size());
  for (size_t i = 0; i < a.sandbox.size(); ++i) {
    EXPECT_EQ(a.sandbox[i].name, b.sandbox[i].name);
    EXPECT_EQ(a.sandbox[i].in_force, b.sandbox[i].in_force);
    EXPECT_EQ(a.sandbox[i].detail, b.sandbox[i].detail);
  }
  ASSERT_EQ(a.exercises.size(), b.exercises.size());
  for (size_t i = 0; i < a.exercises.size(); ++i) {
    SCOPED_TRACE(a.exercises[i].dir_name);
    ExpectSameExercise(a.exercises[i], b.exercises[i]);
  }
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// ---- GradeReport ----------------------------------------------------------------------------

TEST(GradeReport, PointsAndExitCodes) {
  GradeReport r = Full();
  EXPECT_EQ(r.Points(), 5);
  EXPECT_EQ(r.PointsMax(), 30);
  EXPECT_FALSE(r.AllPassed());
  EXPECT_TRUE(r.GraderFailed());
  EXPECT_EQ(GradeExitCode(r), kExitError);

  r.error.clear();
  EXPECT_TRUE(r.GraderFailed()) << "03_pool still has the verdict error";
  r.exercises.pop_back();
  EXPECT_FALSE(r.GraderFailed());
  EXPECT_EQ(GradeExitCode(r), kExitFailed);

  r.exercises.pop_back();
  EXPECT_TRUE(r.AllPassed());
  EXPECT_EQ(GradeExitCode(r), kExitOk);

  r.exercises.clear();
  EXPECT_FALSE(r.AllPassed()) << "nothing graded is not a pass";
  EXPECT_EQ(GradeExitCode(r), kExitFailed);
}

// ---- our JSON ---------------------------------------------------------------------------------

TEST(GradeJson, RoundTripKeepsEveryField) {
  const GradeReport in = Full();
  const std::string text = ReportToJson(in);
  GradeReport out;
  std::string err;
  ASSERT_TRUE(ReportFromJson(text, &out, &err)) << err;
  ExpectSameReport(in, out);
  EXPECT_EQ(ReportToJson(out), text);
}

TEST(GradeJson, RoundTripOfEmptyFieldsWrittenAsNull) {
  GradeReport in = Full();
  in.shard.clear();
  in.error.clear();
  in.exercises[1].where = {};
  in.exercises[2].where = {"", 0};
  const std::string text = ReportToJson(in);
  const json j = json::parse(text);
  EXPECT_TRUE(j["shard"].is_null());
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_TRUE(j["exercises"][1]["file"].is_null());
  EXPECT_TRUE(j["exercises"][1]["line"].is_null());

  GradeReport out;
  std::string err;
  ASSERT_TRUE(ReportFromJson(text, &out, &err)) << err;
  ExpectSameReport(in, out);
}

TEST(GradeJson, WritesTheDocumentedSchema) {
  GradeReport r = Full();
  r.error.clear();
  const std::string text = ReportToJson(r);
  EXPECT_EQ(text.rfind("{\n  \"schema\": \"threadlings-grade\",\n  \"version\": 1,\n", 0), 0u) << text;
  const json j = json::parse(text);
  EXPECT_EQ(j["points"], 5);
  EXPECT_EQ(j["points_max"], 30);
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["exit_code"], kExitError);  // 03_pool could not be graded
  EXPECT_EQ(j["shard"], "2/4");
  EXPECT_EQ(j["sandbox"][1]["in_force"], false);
  const json& race = j["exercises"][1];
  EXPECT_EQ(race["dir"], "02_bank");
  EXPECT_EQ(race["verdict"], "data-race");
  EXPECT_EQ(race["file"], "exercises/02_bank/bank.h");
  EXPECT_EQ(race["line"], 30);
  EXPECT_EQ(j["exercises"][2]["file"], "exercises/03_pool/pool.h");
  EXPECT_TRUE(j["exercises"][2]["line"].is_null());
}

TEST(GradeJson, InvalidUtf8IsWrittenAsReplacementCharacter) {
  GradeReport r = Full();
  r.exercises[1].output = "cut in the middle: \xC3";
  GradeReport out;
  std::string err;
  ASSERT_TRUE(ReportFromJson(ReportToJson(r), &out, &err)) << err;
  EXPECT_EQ(out.exercises[1].output, "cut in the middle: \xEF\xBF\xBD");
}

std::string Rejection(const std::string& text) {
  GradeReport out;
  out.student = "untouched";
  std::string err;
  EXPECT_FALSE(ReportFromJson(text, &out, &err));
  EXPECT_EQ(out.student, "untouched") << "a failed read must not change the output";
  return err;
}

std::string WithExerciseField(int index, const std::string& key, const json& value) {
  json j = json::parse(ReportToJson(Full()));
  j["exercises"][index][key] = value;
  return j.dump();
}

TEST(GradeJson, RejectsOtherSchemas) {
  EXPECT_EQ(Rejection(R"({"schema": "threadlings-progress", "version": 1})"),
            "schema: 'threadlings-progress' is not a threadlings grade report (expected 'threadlings-grade')");
  EXPECT_EQ(Rejection(R"({"version": 1})"), "schema: missing: this is not a threadlings grade report");
  EXPECT_EQ(Rejection("[1, 2]"), "expected a JSON object at the top, got array");
}

TEST(GradeJson, RejectsNewerVersionsAndSaysToUpgrade) {
  json j = json::parse(ReportToJson(Full()));
  j["version"] = kGradeSchemaVersion + 1;
  EXPECT_EQ(Rejection(j.dump()),
            "version: the report has schema version " + std::to_string(kGradeSchemaVersion + 1) +
                ", this threadlings reads up to version " + std::to_string(kGradeSchemaVersion) +
                ": upgrade threadlings to read it");
  j["version"] = "1";
  EXPECT_EQ(Rejection(j.dump()), "version: expected an integer, got string");
  j.erase("version");
  EXPECT_EQ(Rejection(j.dump()), "version: missing");
}

TEST(GradeJson, RejectsUnknownVerdictNamingTheExercise) {
  EXPECT_EQ(Rejection(WithExerciseField(2, "verdict", "foo")), "exercises[2].verdict: unknown verdict 'foo'");
  EXPECT_EQ(Rejection(WithExerciseField(1, "verdict", "data-rase")),
            "exercises[1].verdict: unknown verdict 'data-rase' (did you mean 'data-race'?)");
  json j = json::parse(ReportToJson(Full()));
  j["exercises"][0].erase("verdict");
  EXPECT_EQ(Rejection(j.dump()), "exercises[0].verdict: missing");
}

TEST(GradeJson, RejectsWrongTypesNamingTheField) {
  EXPECT_EQ(Rejection(WithExerciseField(0, "points", "5")), "exercises[0].points: expected an integer, got string");
  EXPECT_EQ(Rejection(WithExerciseField(1, "topics", json::array({"a", 3}))),
            "exercises[1].topics[1]: expected a string, got number");
  EXPECT_EQ(Rejection(WithExerciseField(1, "line", 1e12)), "exercises[1].line: expected an integer, got number");
  json j = json::parse(ReportToJson(Full()));
  j["ignored_more"] = -1;
  EXPECT_EQ(Rejection(j.dump()), "ignored_more: expected a non-negative integer, got number");
  j = json::parse(ReportToJson(Full()));
  j["sandbox"][1] = "memory";
  EXPECT_EQ(Rejection(j.dump()), "sandbox[1]: expected an object, got string");
  j = json::parse(ReportToJson(Full()));
  j["sandbox"][0]["in_force"] = 1;
  EXPECT_EQ(Rejection(j.dump()), "sandbox[0].in_force: expected true or false, got number");
}

TEST(GradeJson, RejectsMalformedJsonWithThePlace) {
  const std::string err = Rejection("{\n  \"schema\": \"threadlings-grade\",\n  \"version\": 1,\n}");
  EXPECT_EQ(err.rfind("it is not valid JSON: parse error at line 4, column 1:", 0), 0u) << err;
  EXPECT_EQ(Rejection("").rfind("it is not valid JSON: ", 0), 0u);
}

TEST(GradeJson, IgnoresUnknownFieldsAndDefaultsMissingOnes) {
  GradeReport out;
  std::string err;
  ASSERT_TRUE(ReportFromJson(
      R"({"schema": "threadlings-grade", "version": 1, "student": "bo", "future": {"x": 1},
          "exercises": [{"dir": "01_a", "verdict": "timeout", "later": true}]})",
      &out, &err))
      << err;
  EXPECT_EQ(out.student, "bo");
  ASSERT_EQ(out.exercises.size(), 1u);
  EXPECT_EQ(out.exercises[0].dir_name, "01_a");
  EXPECT_EQ(out.exercises[0].verdict, Verdict::kTimeout);
  EXPECT_EQ(out.exercises[0].points_max, 0);
  EXPECT_TRUE(out.sandbox.empty());
}

// ---- JUnit ------------------------------------------------------------------------------------

TEST(GradeJunit, CountsFailuresAndErrorsPerSuiteAndInTotal) {
  GradeReport ok = Full();
  ok.error.clear();
  GradeReport crashed;
  crashed.student = "bo";
  crashed.error = "could not unpack bo.zip";
  crashed.seconds = 0.25;
  const std::string xml = ReportToJunit({ok, crashed});

  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(xml.find("<testsuites name=\"threadlings\" tests=\"4\" failures=\"1\" errors=\"2\" time=\"12.596\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"threadlings: ada\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"12.346\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"threadlings: bo\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"0.250\">"),
            std::string::npos);
  EXPECT_EQ(Count(xml, "<testcase "), 4u);
  EXPECT_EQ(Count(xml, "</testcase>"), 4u);
  EXPECT_EQ(Count(xml, "<failure "), 1u);
  EXPECT_EQ(Count(xml, "<error "), 2u);
  EXPECT_EQ(Count(xml, "<testsuite "), Count(xml, "</testsuite>"));
  EXPECT_NE(xml.find("<property name=\"points\" value=\"5\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"points_max\" value=\"30\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"threadlings.bo\" name=\"grader\" time=\"0.000\">\n"
                     "      <error type=\"error\" message=\"could not unpack bo.zip\">"),
            std::string::npos);
}

TEST(GradeJunit, FailureCarriesTheFindingAndHowToReproduce) {
  const std::string xml = ReportToJunit({Full()});
  EXPECT_NE(xml.find("<testcase classname=\"threadlings.ada\" name=\"02_bank: Title of bank\" "
                     "time=\"0.100\">\n"
                     "      <failure type=\"data-race\" message=\"Bank::deposit and Bank::total race on balance_\">"
                     "Bank::deposit and Bank::total race on balance_\n"
                     "at exercises/02_bank/bank.h:30\n"
                     "  Thread T1 writes: bank.h:30 in Bank::deposit\n"
                     "  Main thread read it earlier: bank.h:41\n"
                     "check: Bank.Transfers\n"
                     "seed: 1234567\n"
                     "to reproduce: threadlings verify bank --seed 1234567</failure>\n"
                     "      <system-out>WARNING: ThreadSanitizer: data race (pid=1)\n\xC3\xA9\n</system-out>\n"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error type=\"error\" message=\"something went wrong\">"), std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"threadlings.ada\" name=\"01_race_hit_counter: Title of race_hit_counter\" "
                     "time=\"1.500\">\n    </testcase>"),
            std::string::npos)
      << "a pass has no failure";
  EXPECT_EQ(xml.find(" file="), std::string::npos) << "junit-10.xsd has no file attribute on a testcase";
}

TEST(GradeJunit, EscapesMarkupAndDropsCharactersXmlCannotHold) {
  GradeReport r = Full();
  r.student.clear();
  r.exercises[1].summary = "a < b && c > \"d\" 'e'\x01";
  r.exercises[1].output = "<![CDATA[ x ]]> \x1b[31mred\x1b[0m\x0b\x0c\x7f tab\tcr\r \xFF";
  const std::string xml = ReportToJunit({r});
  EXPECT_NE(xml.find("message=\"a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<system-out>&lt;![CDATA[ x ]]&gt; [31mred[0m\x7f tab\tcr&#13; \xEF\xBF\xBD</system-out>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find("a < b"), std::string::npos);
  for (char c : xml) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 0x20 && c != '\n' && c != '\t') << "control character " << int(u) << " left in the XML";
  }
  EXPECT_NE(xml.find("classname=\"threadlings.submission\""), std::string::npos) << "no student: 'submission'";
}

// ---- Exercism ---------------------------------------------------------------------------------

json Exercism(const GradeReport& r) { return json::parse(ReportToExercism(r)); }

TEST(GradeExercism, PassWhenEveryExercisePassed) {
  GradeReport r;
  r.exercises = {Exercise("01_a", Verdict::kPass, 5), Exercise("02_b", Verdict::kPass, 5)};
  const json j = Exercism(r);
  EXPECT_EQ(j["version"], 3);
  EXPECT_EQ(j["status"], "pass");
  EXPECT_FALSE(j.contains("message"));
  ASSERT_EQ(j["tests"].size(), 2u);
  EXPECT_EQ(j["tests"][0]["name"], "01_a: Title of a");
  EXPECT_EQ(j["tests"][0]["status"], "pass");
  EXPECT_FALSE(j["tests"][0].contains("message"));
  EXPECT_FALSE(j["tests"][0].contains("task_id"));
}

TEST(GradeExercism, FailWhenSomeTestRanAndFailed) {
  GradeReport r;
  r.exercises = {Exercise("01_a", Verdict::kCompileError, 5), Exercise("02_b", Verdict::kDeadlock, 5)};
  r.exercises[1].summary = "both threads wait";
  r.exercises[1].check = "Queue.PopWaits";
  const json j = Exercism(r);
  EXPECT_EQ(j["status"], "fail");
  EXPECT_FALSE(j.contains("message"));
  EXPECT_EQ(j["tests"][0]["status"], "error");
  EXPECT_EQ(j["tests"][1]["status"], "fail");
  EXPECT_EQ(j["tests"][1]["message"], "both threads wait\ncheck: Queue.PopWaits");
  EXPECT_EQ(j["tests"][1]["test_code"], "threadlings verify b  # failed check: Queue.PopWaits");
  EXPECT_EQ(j["tests"][0]["test_code"], "threadlings verify a") << "on every test (interface v3)";
}

TEST(GradeExercism, ErrorWhenOnlyCompileErrorsWithTheFirstOnesMessage) {
  GradeReport r;
  r.exercises = {Exercise("01_a", Verdict::kCompileError, 5), Exercise("02_b", Verdict::kError, 5)};
  r.exercises[0].summary = "1 compile error";
  r.exercises[0].details = {"a.h:3: error: 'mtx' was not declared", "a.h:9: note: here"};
  json j = Exercism(r);
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["message"], "1 compile error\na.h:3: error: 'mtx' was not declared\na.h:9: note: here");

  r.exercises[0].details = {std::string(70000, 'e')};
  j = Exercism(r);
  EXPECT_EQ(j["message"].get<std::string>().size(), 65535u);

  GradeReport broken;
  broken.error = "no compiler";
  j = Exercism(broken);
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["message"], "threadlings could not grade this submission: no compiler");
}

TEST(GradeExercism, OutputIsCutAt500CharactersNoticeIncluded) {
  GradeReport r;
  r.exercises = {Exercise("01_a", Verdict::kWrongResult, 5), Exercise("02_b", Verdict::kWrongResult, 5),
                 Exercise("03_c", Verdict::kPass, 5)};
  r.exercises[0].output = std::string(501, 'x');
  r.exercises[1].output = std::string(500, 'y');
  std::string accents;
  for (int i = 0; i < 600; ++i) accents += "\xC3\xA9";  // é, two bytes each
  r.exercises[2].output = accents;
  const json j = Exercism(r);
  const std::string notice = "\n[output cut at 500 characters]";
  EXPECT_EQ(j["tests"][0]["output"], std::string(500 - notice.size(), 'x') + notice);
  EXPECT_EQ(j["tests"][1]["output"], std::string(500, 'y'));
  EXPECT_EQ(j["tests"][2]["output"], accents.substr(0, 2 * (500 - notice.size())) + notice);
}

// ---- Gradescope -------------------------------------------------------------------------------

TEST(GradeGradescope, ScoresAreTheExercisePointsAndTheirSum) {
  GradeReport r = Full();
  r.error.clear();
  r.exercises.push_back(Exercise("04_latch", Verdict::kPass, 7));
  const json j = json::parse(ReportToGradescope(r));
  EXPECT_EQ(j["score"], 12);
  EXPECT_DOUBLE_EQ(j["execution_time"].get<double>(), 12.346);
  EXPECT_EQ(j["visibility"], "visible");
  EXPECT_EQ(j["stdout_visibility"], "visible");
  ASSERT_EQ(j["tests"].size(), 4u);
  int sum = 0, max = 0;
  for (const auto& t : j["tests"]) sum += t["score"].get<int>(), max += t["max_score"].get<int>();
  EXPECT_EQ(sum, 12);
  EXPECT_EQ(max, 37);
  EXPECT_EQ(j["tests"][3]["number"], "4");
  EXPECT_EQ(j["tests"][3]["status"], "passed");
  EXPECT_EQ(j["tests"][1]["status"], "failed");
  EXPECT_EQ(j["tests"][1]["name"], "02_bank: Title of bank");
  EXPECT_EQ(j["tests"][1]["tags"], json::array({"atomics"}));
  EXPECT_EQ(j["tests"][1]["output"],
            "data-race: Bank::deposit and Bank::total race on balance_\nat exercises/02_bank/bank.h:30\n"
            "  Thread T1 writes: bank.h:30 in Bank::deposit\n  Main thread read it earlier: bank.h:41\n"
            "check: Bank.Transfers\nseed: 1234567");
  const std::string output = j["output"];
  EXPECT_EQ(output.rfind("threadlings: ada, 12/37 points, 2 of 4 exercises passed\n", 0), 0u) << output;
  EXPECT_NE(output.find("  notes.txt (extra)\n  and 7 more"), std::string::npos) << output;
  EXPECT_NE(output.find("  memory: no cgroup v2"), std::string::npos);
  EXPECT_EQ(output.find("wall-clock"), std::string::npos) << "only protections not in force are listed";
}

TEST(GradeGradescope, GraderErrorScoresZeroAndSaysWhy) {
  const json j = json::parse(ReportToGradescope(Full()));
  EXPECT_EQ(j["score"], 0);
  EXPECT_EQ(j["output"].get<std::string>().rfind("threadlings could not run the grader: the disk is full\n", 0), 0u);
}

// ---- GitHub -----------------------------------------------------------------------------------

TEST(GradeGithub, OneEscapedAnnotationPerExerciseNotPassed) {
  GradeReport r;
  GradedExercise e = Exercise("02_bank", Verdict::kDataRace, 10);
  e.summary = "50% of deposits lost, at a:b";
  e.details = {"line 1", "x\ry"};
  e.where = {"src/a,b:c.h", 12};
  r.exercises = {Exercise("01_a", Verdict::kPass, 5), e, Exercise("03_pool", Verdict::kError, 15)};
  EXPECT_EQ(ReportToGithubAnnotations(r, "student/"),
            "::error file=student/src/a%2Cb%3Ac.h,line=12,title=02_bank%3A data-race::"
            "50%25 of deposits lost, at a:b%0Aline 1%0Ax%0Dy\n"
            "::error title=threadlings could not grade 03_pool::something went wrong\n"
            "::notice title=threadlings::Points 5/30\n");
}

TEST(GradeGithub, GraderErrorAndFileWithoutLine) {
  GradeReport r;
  r.error = "50% done\nthen it stopped";
  GradedExercise e = Exercise("01_a", Verdict::kTimeout, 5);
  e.where = {"a.h", 0};
  r.exercises = {e};
  EXPECT_EQ(ReportToGithubAnnotations(r, ""),
            "::error title=threadlings could not run::50%25 done%0Athen it stopped\n"
            "::error file=a.h,title=01_a%3A timeout::something went wrong\n"
            "::notice title=threadlings::Points 0/5\n");
}

// ---- Markdown ---------------------------------------------------------------------------------

TEST(GradeMarkdown, TableEscapesPipesAndFailuresAreFenced) {
  GradeReport r = Full();
  r.error.clear();
  r.exercises[0].title = "a | b";
  r.exercises[1].details.push_back("```not a fence end");
  const std::string md = ReportToMarkdown(r);
  EXPECT_EQ(md.rfind("## threadlings: ada, 5/30 points\n\n"
                     "| \\# | exercise | verdict | points | where |\n"
                     "|---|---|---|---|---|\n"
                     "| 1 | 01_race_hit_counter: a \\| b | pass | 5/5 |  |\n"
                     "| 2 | 02_bank: Title of bank | data-race | 0/10 | exercises/02_bank/bank.h:30 |\n"
                     "| 3 | 03_pool: Title of pool | error | 0/15 | exercises/03_pool/pool.h |\n",
                     0),
            0u)
      << md;
  EXPECT_NE(md.find("### Not passed\n\n**02_bank: Title of bank**: data-race\n\n````text\n"
                    "Bank::deposit and Bank::total race on balance_\n"),
            std::string::npos)
      << "a fence longer than any backtick run inside:\n"
      << md;
  EXPECT_NE(md.find("  ```not a fence end\ncheck: Bank.Transfers\nseed: 1234567\n````\n"), std::string::npos);
  EXPECT_EQ(md.find("**01_race_hit_counter"), std::string::npos) << "a pass is not listed as not passed";
  EXPECT_NE(md.find("- notes.txt (extra)\n- and 7 more\n"), std::string::npos);
  EXPECT_NE(md.find("### Sandbox protections not in force\n\n- memory: no cgroup v2: \"memory\" not delegated\n"),
            std::string::npos);
}

TEST(GradeMarkdown, GraderErrorIsShownWithoutATable) {
  GradeReport r;
  r.error = "could not unpack <x>.zip";
  const std::string md = ReportToMarkdown(r);
  EXPECT_EQ(md, "## threadlings: 0/0 points\n\n**The grader could not run:** could not unpack &lt;x&gt;.zip\n\n");
}

// ---- batch tables -----------------------------------------------------------------------------

std::vector<GradeReport> Batch() {
  GradeReport a;
  a.student = "Smith, \"Jo\"";
  a.exercises = {Exercise("01_a", Verdict::kPass, 5), Exercise("03_c", Verdict::kPass, 7)};
  GradeReport b;
  b.student = "li";
  b.exercises = {Exercise("01_a", Verdict::kDataRace, 5), Exercise("02_b", Verdict::kPass, 3),
                 Exercise("03_c", Verdict::kError, 7)};
  GradeReport c;
  c.submission = "/in/kim.zip";
  c.error = "bad archive: \"kim.zip\"\nline two";
  return {a, b, c};
}

TEST(GradeBatch, CsvKeepsLearningOrderAndQuotesPerRfc4180) {
  EXPECT_EQ(BatchCsv(Batch()),
            "student,01_a,02_b,03_c,total,max,grader_error\r\n"
            "\"Smith, \"\"Jo\"\"\",5,,7,12,12,\r\n"
            "li,0,3,error,error,15,03_c: something went wrong\r\n"
            "/in/kim.zip,,,,error,,\"bad archive: \"\"kim.zip\"\"\nline two\"\r\n");
}

TEST(GradeBatch, NoGraderErrorColumnWithoutErrors) {
  std::vector<GradeReport> batch = Batch();
  batch.resize(1);
  EXPECT_EQ(BatchCsv(batch), "student,01_a,03_c,total,max\r\n\"Smith, \"\"Jo\"\"\",5,7,12,12\r\n");
}

TEST(GradeBatch, MarkdownTable) {
  EXPECT_EQ(BatchMarkdown(Batch()),
            "| student | 01_a | 02_b | 03_c | total | max | grader_error |\n"
            "|---|---|---|---|---|---|---|\n"
            "| Smith, \"Jo\" | 5 |  | 7 | 12 | 12 |  |\n"
            "| li | 0 | 3 | error | error | 15 | 03_c: something went wrong |\n"
            "| /in/kim.zip |  |  |  | error |  | bad archive: \"kim.zip\"\\\\x0aline two |\n");
}

// ---- merge ------------------------------------------------------------------------------------

std::vector<GradeReport> Shards() {
  GradeReport one;
  one.student = "ada";
  one.kit_digest = "k1";
  one.submission = "ada.zip";
  one.shard = "1/2";
  one.started_at = "2026-11-22T06:31:00Z";
  one.seconds = 10;
  one.ignored = {"x.txt (extra)", "y.txt (extra)"};
  one.sandbox = {{"memory", true, "2 GiB"}, {"network", true, "unshared"}};
  one.exercises = {Exercise("02_b", Verdict::kPass, 3), Exercise("04_d", Verdict::kDeadlock, 4)};
  GradeReport two = one;
  two.shard = "2/2";
  two.started_at = "2026-11-22T06:30:00Z";
  two.seconds = 2.5;
  two.ignored = {"y.txt (extra)", "z.txt (extra)"};
  two.sandbox = {{"memory", false, "no cgroup"}, {"network", true, "unshared"}};
  two.error = "ran out of disk";
  two.exercises = {Exercise("03_c", Verdict::kPass, 2), Exercise("01_a", Verdict::kPass, 1)};
  return {one, two};
}

TEST(GradeMerge, CombinesShardsInLearningOrder) {
  GradeReport m;
  std::string err;
  ASSERT_TRUE(MergeReports(Shards(), &m, &err)) << err;
  ASSERT_EQ(m.exercises.size(), 4u);
  EXPECT_EQ(m.exercises[0].dir_name, "01_a");
  EXPECT_EQ(m.exercises[1].dir_name, "02_b");
  EXPECT_EQ(m.exercises[2].dir_name, "03_c");
  EXPECT_EQ(m.exercises[3].dir_name, "04_d");
  EXPECT_EQ(m.Points(), 6);
  EXPECT_EQ(m.PointsMax(), 10);
  EXPECT_EQ(m.shard, "");
  EXPECT_EQ(m.shards_merged, (std::vector<std::string>{"1/2", "2/2"}));
  EXPECT_EQ(m.seconds, 12.5);
  EXPECT_EQ(m.started_at, "2026-11-22T06:30:00Z");
  EXPECT_EQ(m.student, "ada");
  EXPECT_EQ(m.submission, "ada.zip");
  EXPECT_EQ(m.ignored, (std::vector<std::string>{"x.txt (extra)", "y.txt (extra)", "z.txt (extra)"}));
  ASSERT_EQ(m.sandbox.size(), 2u);
  EXPECT_EQ(m.sandbox[0].name, "memory");
  EXPECT_FALSE(m.sandbox[0].in_force);
  EXPECT_EQ(m.sandbox[0].detail, "no cgroup (not in force in shard #2)");
  EXPECT_TRUE(m.sandbox[1].in_force);
  EXPECT_EQ(m.error, "ran out of disk");
}

TEST(GradeMerge, JoinsErrors) {
  std::vector<GradeReport> shards = Shards();
  shards[0].error = "no compiler";
  GradeReport m;
  std::string err;
  ASSERT_TRUE(MergeReports(shards, &m, &err)) << err;
  EXPECT_EQ(m.error, "no compiler; ran out of disk");
}

TEST(GradeMerge, RejectsShardsOfDifferentGradings) {
  std::vector<GradeReport> shards = Shards();
  shards.push_back(shards[1]);
  shards[2].exercises.clear();
  shards[2].student = "bo";
  GradeReport m;
  m.student = "untouched";
  std::string err;
  EXPECT_FALSE(MergeReports(shards, &m, &err));
  EXPECT_EQ(err, "shard #1 has student 'ada' but shard #3 has 'bo': they are not shards of one grading");
  EXPECT_EQ(m.student, "untouched");

  shards[2].student = "ada";
  shards[2].kit_digest = "k2";
  EXPECT_FALSE(MergeReports(shards, &m, &err));
  EXPECT_EQ(err, "shard #1 has kit digest 'k1' but shard #3 has 'k2': they are not shards of one grading");

  EXPECT_FALSE(MergeReports({}, &m, &err));
  EXPECT_EQ(err, "no shards to merge");
}

TEST(GradeMerge, RejectsAnExerciseGradedTwice) {
  std::vector<GradeReport> shards = Shards();
  shards[1].exercises.push_back(Exercise("04_d", Verdict::kPass, 4));
  GradeReport m;
  std::string err;
  EXPECT_FALSE(MergeReports(shards, &m, &err));
  EXPECT_EQ(err, "exercise '04_d' is graded in shard #1 and in shard #2");
}

}  // namespace
}  // namespace threadlings

namespace threadlings {
namespace {

// ---- unsafe-pattern (the static stage) in every format ----------------------------------------

GradeReport UnsafePattern() {
  GradeReport r;
  GradedExercise e = Exercise("10_lost_wakeup", Verdict::kUnsafePattern, 10);
  e.summary = "cv-wait-not-in-loop: a condition_variable wait without a predicate must sit in a loop";
  e.where = {"exercises/10_lost_wakeup/one_shot_event.h", 26, 17};
  e.details = {"why: [thread.condition] lets wait() return without any notify"};
  r.exercises = {e};
  return r;
}

TEST(GradeUnsafePattern, JsonHasTheVerdictLineAndColumnAndReadsThemBack) {
  const std::string text = ReportToJson(UnsafePattern());
  const json x = json::parse(text)["exercises"][0];
  EXPECT_EQ(x["verdict"], "unsafe-pattern");
  EXPECT_EQ(x["line"], 26);
  EXPECT_EQ(x["column"], 17);
  GradeReport back;
  std::string err;
  ASSERT_TRUE(ReportFromJson(text, &back, &err)) << err;
  EXPECT_EQ(back.exercises[0].verdict, Verdict::kUnsafePattern);
  EXPECT_EQ(back.exercises[0].where.column, 17);
}

TEST(GradeUnsafePattern, GithubAnnotationHasTheColumn) {
  EXPECT_EQ(ReportToGithubAnnotations(UnsafePattern(), ""),
            "::error file=exercises/10_lost_wakeup/one_shot_event.h,line=26,col=17,"
            "title=10_lost_wakeup%3A unsafe-pattern::cv-wait-not-in-loop: a condition_variable wait "
            "without a predicate must sit in a loop%0Awhy: [thread.condition] lets wait() return without "
            "any notify\n"
            "::notice title=threadlings::Points 0/10\n");
}

TEST(GradeUnsafePattern, EveryOtherFormatNamesTheVerdictAndThePlace) {
  const GradeReport r = UnsafePattern();
  const std::string place = "exercises/10_lost_wakeup/one_shot_event.h:26:17";
  EXPECT_NE(ReportToMarkdown(r).find(place), std::string::npos);
  EXPECT_NE(ReportToJunit({r}).find("unsafe-pattern"), std::string::npos);
  EXPECT_NE(ReportToGradescope(r).find("unsafe-pattern"), std::string::npos);
  EXPECT_NE(ReportToExercism(r).find(place), std::string::npos);
  EXPECT_EQ(json::parse(ReportToExercism(r))["status"], "fail");
}

}  // namespace
}  // namespace threadlings
