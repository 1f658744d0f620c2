/* The course's quizzes in the static book: finds every section.course-quiz and makes it work.
 *
 * Loaded once per page (quizzes.sphinx), before or after the quizzes' HTML. No dependency, no
 * network, no eval, and no innerHTML: the HTML for every text from the bank is rendered by Python
 * (quizzes/views/html.py), including hidden fragments for all feedback; this script grades from
 * the JSON data and builds feedback from its own fixed strings (text nodes) and clones of those
 * fragments.
 *
 * grade() and parseNumber() mirror quizzes/present/grade.py rule for rule: the same validity rules and
 * messages, the same correct flag and score, the same feedback strings in the same order
 * (tests/test_browser_quiz.py compares them on every question of the bank).
 *
 * A learner's answers survive a reload: they are kept in localStorage, per page and quiz, and a
 * stored answer is put back only if its question has not changed (see "saved progress" below;
 * tests/test_quiz_progress.py). Each quiz has a "Reset answers" control with an inline confirmation.
 */
(function () {
  "use strict";

  // -- grading: quizzes/present/grade.py ---------------------------------------------------------------
  // Python's str.strip() strips what str.isspace() calls whitespace; grade.py's patterns are ASCII.
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var STRIP = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var GROUPED = /^[+-]?[0-9]{1,3}([ ,][0-9]{3})+(\.[0-9]+)?$/;
  var NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

  function pyStrip(s) { return s.replace(STRIP, ""); }
  function replaceAll(s, from, to) { return s.split(from).join(to); }

  /* grade.parse_number: a number as a learner types it ('1998', '1,998', '1 998', '77%', '77,5'). */
  function parseNumber(text, unit) {
    if (typeof text === "boolean" || text === null || text === undefined) { return null; }
    if (typeof text === "number") { return isFinite(text) ? text : null; }
    if (typeof text !== "string") { return null; } // Python's str() of anything else is never a number
    var s = replaceAll(pyStrip(String(text)).toLowerCase(), "\u2212", "-");
    var value = plainNumber(s);
    if (value !== null) { return value; }
    var suffixes = [(unit || "").toLowerCase(), "%"].filter(Boolean);
    for (var i = 0; i < suffixes.length; i++) {
      if (s.endsWith(suffixes[i]) && s.length > suffixes[i].length) {
        s = pyStrip(s.slice(0, s.length - suffixes[i].length));
      }
    }
    return plainNumber(s);
  }

  function plainNumber(s) {
    s = replaceAll(replaceAll(s, "\u00a0", " "), "\u202f", " ");
    if (GROUPED.test(s)) {
      s = replaceAll(replaceAll(s, ",", ""), " ", "");
    } else if (s.split(",").length === 2 && s.indexOf(".") === -1) {
      s = s.replace(",", ".");
    }
    if (!NUMBER.test(s)) { return null; }
    return Number(s);
  }

  function same(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }

  function isString(value) { return typeof value === "string"; }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  // A feedback line is a list of parts: {text} (a fixed string of this script, or a number) or
  // {fragment, raw} (a text from the bank: `raw` is its Markdown, as grade.py joins it; the page
  // shows the fragment Python rendered from it).
  function txt(s) { return { text: s }; }
  function frag(key, raw) { return { fragment: key, raw: raw }; }
  function lineString(parts) {
    return parts.map(function (p) { return has(p, "fragment") ? p.raw : p.text; }).join("");
  }

  function invalid(message) { return { valid: false, correct: false, score: 0, lines: [], message: message }; }
  function done(correct, lines) { return { valid: true, correct: correct, score: correct ? 1 : 0, lines: lines, message: "" }; }

  function gradeParts(q, response) {
    var kind = q.type;
    var ids, picked, key, i;
    if (kind === "single") {
      ids = q.options.map(function (o) { return o.id; });
      if (typeof response !== "string" || ids.indexOf(response) === -1) { return invalid("Choose one answer."); }
      var chosen = q.options.filter(function (o) { return o.id === response; })[0];
      return done(response === q.key, [[frag("option-feedback:" + chosen.id, chosen.feedback)]]);
    }
    if (kind === "multiple") {
      ids = q.options.map(function (o) { return o.id; });
      if (!Array.isArray(response) || !response.every(isString)) { return invalid("Choose at least one answer."); }
      picked = response;
      var allKnown = picked.every(function (p) { return ids.indexOf(p) !== -1; });
      if (!picked.length || !allKnown) { return invalid("Choose at least one answer."); }
      key = q.key;
      var lines = q.options
        .filter(function (o) { return picked.indexOf(o.id) !== -1 && key.indexOf(o.id) === -1; })
        .map(function (o) { return [frag("option-feedback:" + o.id, o.feedback)]; });
      var missed = q.options.filter(function (o) { return key.indexOf(o.id) !== -1 && picked.indexOf(o.id) === -1; });
      if (missed.length) {
        var also = [txt("Also correct: ")];
        missed.forEach(function (o, n) {
          if (n) { also.push(txt("; ")); }
          also.push(frag("option-text:" + o.id, o.text));
        });
        also.push(txt("."));
        lines.push(also);
      }
      var pickedSet = picked.filter(function (p, n) { return picked.indexOf(p) === n; });
      var equal = pickedSet.length === key.length && key.every(function (k) { return pickedSet.indexOf(k) !== -1; });
      return done(equal, lines);
    }
    if (kind === "true-false") {
      if (typeof response !== "boolean") { return invalid("Choose true or false."); }
      var side = response ? "true" : "false";
      return done(response === q.key, [[frag("feedback:" + side, q.feedback[side])]]);
    }
    if (kind === "numeric") {
      var value = parseNumber(response, q.unit);
      if (value === null) { return invalid("Enter a number, such as 1998 or 71."); }
      var correct = Math.abs(value - q.key) <= q.tolerance + 1e-9;
      var variant = (q.variants || []).filter(function (v) { return Math.abs(value - v) <= q.tolerance + 1e-9; })[0];
      if (!correct && variant !== undefined) {
        return done(true, [[txt("Accepted: " + String(variant) + " is also reported; the figure used here is " +
          String(q.key) + ".")]]);
      }
      if (correct) { return done(true, []); }
      // the verdict already says "Not quite": the line says which figure it was, or which way it is off
      var miss = (q.misses || []).filter(function (m) { return Math.abs(value - m.value) <= q.tolerance + 1e-9; })[0];
      return done(false, [[miss ? frag("miss:" + String(miss.value), miss.feedback) : txt(value > q.key ? "Too high." : "Too low.")]]);
    }
    if (kind === "ordering") {
      ids = q.items.map(function (item) { return item.id; });
      if (!Array.isArray(response) || !response.every(isString) || !same(response.slice().sort(), ids.slice().sort())) {
        return invalid("Put every item in a position.");
      }
      var misplaced = false;
      for (i = 0; i < Math.min(response.length, q.key.length); i++) {
        if (response[i] !== q.key[i]) { misplaced = true; }
      }
      if (!misplaced) { return done(true, []); }
      var texts = {};
      q.items.forEach(function (item) { texts[item.id] = item.text; });
      var order = [txt("The order is: ")];
      q.key.forEach(function (id, n) {
        if (n) { order.push(txt("; ")); }
        order.push(frag("item-text:" + id, texts[id]), txt(" ("), frag("item-date:" + id, q.dates[id]), txt(")"));
      });
      order.push(txt("."));
      return done(false, [order]);
    }
    if (kind === "matching") {
      var lefts = q.lefts.map(function (left) { return left.id; });
      var rights = q.rights.map(function (right) { return right.id; });
      var given = response && typeof response === "object" && !Array.isArray(response) ? Object.keys(response) : null;
      if (!given || !same(given.slice().sort(), lefts.filter(function (l, n) { return lefts.indexOf(l) === n; }).sort()) ||
          !given.every(function (k) { return isString(response[k]) && rights.indexOf(response[k]) !== -1; })) {
        return invalid("Match every item.");
      }
      var wrong = Object.keys(q.key).filter(function (k) { return response[k] !== q.key[k]; });
      return done(!wrong.length, wrong.map(function (k) {
        return [frag("match-feedback:" + k, q.feedback[k]), txt(".")];
      }));
    }
    throw new Error("unknown question type " + kind);
  }

  /* The grader's result, as quizzes.present.grade.Result.as_dict(). */
  function grade(q, response) {
    var r = gradeParts(q, response);
    return { valid: r.valid, correct: r.correct, score: r.score, feedback: r.lines.map(lineString), message: r.message };
  }

  // -- saved progress: localStorage ------------------------------------------------------------
  // One entry per quiz on a page, written as a whole from what the page shows:
  //
  //   key    "course-quiz:v1:" + location.pathname + ":" + the quiz id
  //   value  {"version": 1, "questions": {QUESTION_ID: {"fingerprint": F, "response": R, "checked": C}}}
  //
  // R is the response as Question.response() reads it from the controls (the value grade() takes).
  // C true: an answer the learner checked; it is put back and graded again, so the verdict, feedback,
  // explanation and score come back as they were. C false: a draft (chosen or typed, not yet checked);
  // it is put back into the controls and not graded. F must equal the fieldset's data-fingerprint
  // (quizzes.views.html.fingerprint). Anything else -- unparsable JSON, another shape or version, another
  // fingerprint, a question no longer in the quiz, a response the controls cannot show exactly, a
  // checked response that is not valid -- is dropped, and the entry rewritten without it.
  // Every access is wrapped: where storage is missing or throws (private mode, a full quota, a
  // SecurityError, file:// in some browsers) the quiz works as before, without memory, and says so.
  var STORE_VERSION = 1;
  var STORE_PREFIX = "course-quiz:v" + STORE_VERSION + ":";
  var NOTE_KEPT = "Your answers are kept in this browser, on this device.";
  var NOTE_NOT_KEPT = "This browser is not keeping your answers: they will be gone when you leave the page.";
  var CLEARED = "Your answers to this quiz have been cleared.";

  var store = {
    get: function (key) {
      try {
        var value = window.localStorage.getItem(key);
        return typeof value === "string" ? value : null;
      } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); return true; } catch (e) { return false; }
    }
  };
  var storeWorks = null;
  /* Whether this page may write and read back storage at all (tried once per page). */
  function storageWorks() {
    if (storeWorks === null) {
      var probe = STORE_PREFIX + "probe";
      storeWorks = store.set(probe, "1") && store.get(probe) === "1" && store.remove(probe);
    }
    return storeWorks;
  }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  /* The saved questions of a quiz: {} when there is no entry, or one this version cannot read. */
  function readSaved(key) {
    var raw = store.get(key);
    var parsed = null;
    if (raw !== null) {
      try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    }
    var ok = isObject(parsed) && parsed.version === STORE_VERSION && isObject(parsed.questions);
    return { raw: raw, questions: ok ? parsed.questions : {} };
  }

  /* A response in a form where order that means nothing (ticked options, matching keys) is sorted. */
  function canonical(kind, response) {
    if (kind === "multiple" && Array.isArray(response)) { return response.slice().sort(); }
    if (kind === "matching" && isObject(response)) {
      var out = {};
      Object.keys(response).sort().forEach(function (k) { out[k] = response[k]; });
      return out;
    }
    return response;
  }
  function sameResponse(kind, a, b) {
    return JSON.stringify(canonical(kind, a)) === JSON.stringify(canonical(kind, b));
  }

  /* Nothing chosen or typed: not worth keeping. */
  function isBlank(kind, response) {
    if (response === null || response === undefined) { return true; }
    if (kind === "multiple") { return !response.length; }
    if (kind === "numeric") { return pyStrip(response) === ""; }
    if (kind === "ordering") { return response.every(function (v) { return v === ""; }); }
    if (kind === "matching") { return Object.keys(response).every(function (k) { return response[k] === ""; }); }
    return false;
  }

  // -- the page --------------------------------------------------------------------------------
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function one(root, selector) { return root.querySelector(selector); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function fragments(fieldset) {
    var found = {};
    all(fieldset, ".cq-fragments [data-fragment]").forEach(function (node) {
      found[node.getAttribute("data-fragment")] = node;
    });
    return found;
  }

  /* A select shows a value only if it has that option; anything else leaves it at "Choose...". */
  function choose(select, value) {
    var known = typeof value === "string" && all(select, "option").some(function (o) { return o.value === value; });
    select.value = known ? value : "";
  }

  function Question(quiz, fieldset, data) {
    this.quiz = quiz;
    this.fieldset = fieldset;
    this.data = data;
    this.fingerprint = fieldset.getAttribute("data-fingerprint") || "";
    this.result = null;
    this.answer = null; // the response this.result judged
    this.fragments = fragments(fieldset);
    this.check = one(fieldset, ".cq-check");
    this.retry = one(fieldset, ".cq-retry");
    this.feedback = one(fieldset, ".cq-feedback");
    this.explanation = one(fieldset, ".cq-explanation");
    this.controls = all(fieldset, ".cq-options input, .cq-numeric input, .cq-selects select");
    var self = this;
    this.check.addEventListener("click", function () { self.submit(); });
    this.retry.addEventListener("click", function () { self.reset(); });
    this.controls.forEach(function (control) {
      var changed = function () {
        control.removeAttribute("aria-invalid");
        if (!self.result) { self.quiz.save(); } // a draft: kept as it is typed or chosen
      };
      control.addEventListener("input", changed);
      control.addEventListener("change", changed);
      if (control.type === "text") {
        control.addEventListener("keydown", function (event) {
          if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); self.submit(); }
        });
      }
    });
  }

  Question.prototype.response = function () {
    var kind = this.data.type;
    var controls = this.controls;
    if (kind === "single") {
      var checked = controls.filter(function (c) { return c.checked; })[0];
      return checked ? checked.value : null;
    }
    if (kind === "multiple") {
      return controls.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    }
    if (kind === "true-false") {
      var picked = controls.filter(function (c) { return c.checked; })[0];
      return picked ? picked.value === "true" : null;
    }
    if (kind === "numeric") { return controls[0].value; }
    if (kind === "ordering") { return controls.map(function (c) { return c.value; }); }
    if (kind === "matching") {
      var answer = {};
      this.data.lefts.forEach(function (left, n) { answer[left.id] = controls[n].value; });
      return answer;
    }
    return null;
  };

  /* The controls set to a (stored) response, as far as they can show it; response() reads it back. */
  Question.prototype.fill = function (response) {
    var kind = this.data.type;
    var controls = this.controls;
    if (kind === "single") {
      controls.forEach(function (c) { c.checked = c.value === response; });
    } else if (kind === "multiple") {
      controls.forEach(function (c) { c.checked = Array.isArray(response) && response.indexOf(c.value) !== -1; });
    } else if (kind === "true-false") {
      controls.forEach(function (c) { c.checked = typeof response === "boolean" && c.value === String(response); });
    } else if (kind === "numeric") {
      controls[0].value = typeof response === "string" ? response : "";
    } else if (kind === "ordering") {
      controls.forEach(function (c, n) { choose(c, Array.isArray(response) ? response[n] : null); });
    } else if (kind === "matching") {
      this.data.lefts.forEach(function (left, n) {
        choose(controls[n], isObject(response) && has(response, left.id) ? response[left.id] : null);
      });
    }
  };

  Question.prototype.line = function (parts) {
    var li = el("li");
    var fragmentsFound = this.fragments;
    parts.forEach(function (part) {
      if (has(part, "fragment")) {
        var source = fragmentsFound[part.fragment];
        if (source) {
          Array.prototype.forEach.call(source.childNodes, function (child) { li.appendChild(child.cloneNode(true)); });
        } else {
          li.appendChild(document.createTextNode(part.raw)); // not expected: shown as text, never as markup
        }
      } else {
        li.appendChild(document.createTextNode(part.text));
      }
    });
    return li;
  };

  Question.prototype.show = function (r) {
    var box = this.feedback;
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var verdict = el("p", "cq-verdict");
    if (!r.valid) {
      verdict.setAttribute("data-verdict", "invalid");
      verdict.textContent = r.message;
    } else {
      verdict.setAttribute("data-verdict", r.correct ? "correct" : "incorrect");
      var mark = el("span", "cq-mark", r.correct ? "\u2713 " : "\u2717 ");
      mark.setAttribute("aria-hidden", "true");
      verdict.appendChild(mark);
      verdict.appendChild(document.createTextNode(r.correct ? "Correct." : "Not quite."));
    }
    box.appendChild(verdict);
    if (r.lines.length) {
      var list = el("ul", "cq-feedback-list");
      var self = this;
      r.lines.forEach(function (parts) { list.appendChild(self.line(parts)); });
      box.appendChild(list);
    }
  };

  /* Answered: the verdict and feedback shown, the controls locked, the explanation open. */
  Question.prototype.settle = function (response, r) {
    this.show(r);
    this.result = r;
    this.answer = response;
    this.fieldset.classList.add(r.correct ? "cq-is-correct" : "cq-is-incorrect");
    this.controls.forEach(function (c) { c.disabled = true; c.removeAttribute("aria-invalid"); });
    this.explanation.hidden = false;
    this.check.hidden = true;
    this.retry.hidden = false;
  };

  Question.prototype.submit = function () {
    var response = this.response();
    var r = gradeParts(this.data, response);
    if (!r.valid) {
      this.show(r);
      // Nothing the learner chose or typed is touched; the first control to fix gets the focus.
      var kind = this.data.type;
      var target = this.controls.filter(function (c) {
        return c.tagName === "SELECT" ? !c.value : true;
      })[0] || this.controls[0];
      if (target) {
        if (kind === "numeric" || kind === "ordering" || kind === "matching") { target.setAttribute("aria-invalid", "true"); }
        target.focus();
      }
      return;
    }
    this.settle(response, r);
    this.retry.focus();
    this.quiz.update();
    this.quiz.save();
  };

  /* Back to a blank, unanswered question (no focus move, no save: the callers do that). */
  Question.prototype.clear = function () {
    this.result = null;
    this.answer = null;
    this.fieldset.classList.remove("cq-is-correct", "cq-is-incorrect");
    this.controls.forEach(function (c) {
      c.disabled = false;
      c.removeAttribute("aria-invalid");
      if (c.tagName === "SELECT") { c.value = ""; } else if (c.type === "text") { c.value = ""; } else { c.checked = false; }
    });
    while (this.feedback.firstChild) { this.feedback.removeChild(this.feedback.firstChild); }
    this.explanation.hidden = true;
    this.retry.hidden = true;
    this.check.hidden = false;
  };

  Question.prototype.reset = function () {
    this.clear();
    if (this.controls[0]) { this.controls[0].focus(); }
    this.quiz.update();
    this.quiz.save();
  };

  /* Puts a stored entry back; false (and the question left blank) when it cannot be trusted. */
  Question.prototype.restore = function (saved) {
    if (!this.fingerprint || !isObject(saved) || saved.fingerprint !== this.fingerprint ||
        typeof saved.checked !== "boolean" || !has(saved, "response")) {
      return false;
    }
    var kind = this.data.type;
    this.fill(saved.response);
    var response = this.response();
    // Only what the controls show exactly (an option that no longer exists, a wrong type: dropped).
    if (!sameResponse(kind, response, saved.response) || isBlank(kind, response)) {
      this.clear();
      return false;
    }
    if (saved.checked) {
      var r = gradeParts(this.data, response);
      if (!r.valid) {
        this.clear();
        return false;
      }
      this.settle(response, r);
    }
    return true;
  };

  /* What to store for this question: its checked answer, its draft, or nothing. */
  Question.prototype.entry = function () {
    if (!this.fingerprint) { return null; }
    if (this.result) { return { fingerprint: this.fingerprint, response: this.answer, checked: true }; }
    var draft = this.response();
    return isBlank(this.data.type, draft) ? null : { fingerprint: this.fingerprint, response: draft, checked: false };
  };

  function Quiz(root) {
    var script = one(root, "script.course-quiz-data");
    var data = JSON.parse(script.textContent);
    this.root = root;
    this.total = data.questions.length;
    this.progressText = one(root, ".cq-progress-text");
    this.progressBar = one(root, ".cq-progress-bar");
    this.score = one(root, ".cq-score");
    this.summary = one(root, ".cq-summary");
    this.key = STORE_PREFIX + window.location.pathname + ":" + data.quiz_id;
    this.saved = null; // the entry as this page last read or wrote it
    var byId = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });
    var self = this;
    this.questions = all(root, "fieldset.cq-question").map(function (fieldset) {
      return new Question(self, fieldset, byId[fieldset.getAttribute("data-question-id")]);
    });
    this.setUpReset();
    this.load();
    this.current = 0;
    this.nav = one(root, ".cq-nav");
    if (data.one_at_a_time && this.nav) {
      this.prev = one(this.nav, ".cq-prev");
      this.next = one(this.nav, ".cq-next");
      this.position = one(this.nav, ".cq-position");
      this.prev.addEventListener("click", function () { self.go(self.current - 1, self.prev); });
      this.next.addEventListener("click", function () { self.go(self.current + 1, self.next); });
      this.nav.hidden = false;
      root.classList.add("cq-one-at-a-time");
      var first = this.questions.filter(function (q) { return !q.result; })[0];
      this.go(first ? this.questions.indexOf(first) : 0, null); // back where the learner left off
    }
    all(root, ".cq-nojs").forEach(function (node) { node.hidden = true; });
    root.setAttribute("data-ready", "true");
  }

  Quiz.prototype.go = function (index, from) {
    var last = this.questions.length - 1;
    this.current = Math.max(0, Math.min(last, index));
    var current = this.current;
    this.questions.forEach(function (q, n) { q.fieldset.hidden = n !== current; });
    this.position.textContent = "Question " + (current + 1) + " of " + this.questions.length;
    this.prev.disabled = current === 0;
    this.next.disabled = current === last;
    if (from && from.disabled) { (from === this.prev ? this.next : this.prev).focus(); }
  };

  Quiz.prototype.update = function () {
    var answered = this.questions.filter(function (q) { return q.result; });
    var score = answered.reduce(function (sum, q) { return sum + q.result.score; }, 0);
    this.progressText.textContent = "Answered " + answered.length + " of " + this.total;
    this.progressBar.value = answered.length;
    this.score.textContent = "Score: " + score + " of " + this.total;
    this.summary.textContent = answered.length === this.total ? "You scored " + score + " of " + this.total + "." : "";
    this.root.classList.toggle("cq-finished", answered.length === this.total);
    if (this.resetStatus) { this.resetStatus.textContent = ""; }
  };

  /* Puts back what was stored for this quiz on this page; then rewrites the entry without what was dropped. */
  Quiz.prototype.load = function () {
    var saved = readSaved(this.key);
    this.saved = saved.raw;
    this.questions.forEach(function (q) {
      if (!q.data || !has(saved.questions, q.data.id)) { return; }
      try {
        q.restore(saved.questions[q.data.id]);
      } catch (error) { // not expected: a stored answer is never worth a broken quiz
        q.clear();
      }
    });
    this.update();
    if (saved.raw !== null) { this.save(); }
    if (this.kept !== false) { this.note(storageWorks()); }
  };

  /* Writes the quiz's entry from what the page shows (removes it when there is nothing to keep). */
  Quiz.prototype.save = function () {
    var questions = {};
    var count = 0;
    this.questions.forEach(function (q) {
      var entry = q.data ? q.entry() : null;
      if (entry) { questions[q.data.id] = entry; count += 1; }
    });
    var text = count ? JSON.stringify({ version: STORE_VERSION, questions: questions }) : null;
    if (text === this.saved) { return; }
    var ok = text === null ? store.remove(this.key) : store.set(this.key, text);
    if (ok) { this.saved = text; }
    if (ok !== this.kept) { this.note(ok); }
  };

  Quiz.prototype.note = function (kept) {
    this.kept = kept;
    if (this.noteText) { this.noteText.textContent = kept ? NOTE_KEPT : NOTE_NOT_KEPT; }
  };

  Quiz.prototype.setUpReset = function () {
    var box = one(this.root, ".cq-persist");
    if (!box) { return; }
    var self = this;
    var start = one(box, ".cq-reset");
    var confirmBox = one(box, ".cq-reset-confirm");
    var yes = one(box, ".cq-reset-yes");
    var no = one(box, ".cq-reset-no");
    this.noteText = one(box, ".cq-persist-note");
    this.resetStatus = one(box, ".cq-reset-status");
    function ask(open) {
      confirmBox.hidden = !open;
      start.hidden = open;
      self.resetStatus.textContent = "";
      (open ? no : start).focus(); // the safe choice first: Enter twice never clears by accident
    }
    start.addEventListener("click", function () { ask(true); });
    no.addEventListener("click", function () { ask(false); });
    confirmBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); ask(false); }
    });
    yes.addEventListener("click", function () {
      self.resetAll();
      ask(false);
      self.resetStatus.textContent = CLEARED;
    });
    box.hidden = false;
  };

  /* Every question blank again, and the quiz's entry removed. */
  Quiz.prototype.resetAll = function () {
    this.questions.forEach(function (q) { q.clear(); });
    store.remove(this.key);
    this.saved = null;
    this.update();
    if (this.position) { this.go(0, null); }
  };

  function init(scope) {
    all(scope || document, "section.course-quiz").forEach(function (root) {
      if (root.getAttribute("data-ready") === "true" || root.courseQuiz) { return; }
      try {
        root.courseQuiz = new Quiz(root);
      } catch (error) {
        root.setAttribute("data-ready", "error");
        if (window.console) { window.console.error("course quiz: cannot start", root.id, error); }
      }
    });
  }

  window.CourseQuiz = { grade: grade, parseNumber: parseNumber, init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
}());
