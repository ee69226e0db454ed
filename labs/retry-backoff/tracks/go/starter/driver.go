package main

// Provided driver: do not edit. The grader talks to your Retry through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Nothing here waits on real time: each retry
// gets its own virtual Clock (starting at 0 ms), which moves only when an attempt takes time or when
// your code calls the Sleep the driver gives it. Durations on the wire are milliseconds (floats).
//   retry {policy, script, randoms?, cancelDuringSleep?, cancelAtStart?}
//       policy: {maxAttempts, baseDelayMs, maxDelayMs, deadlineMs?, predicate?}
//         predicate true: IsRetryable is given (false for "fatal" errors, true otherwise);
//         absent: IsRetryable is nil. OnRetry, Random, Sleep and Clock are always given
//         (Random is nil in hammer's defaultRandom mode).
//       script: what attempt k does, [{outcome:"ok"|"fail"|"fatal", ms?}]: "ok" returns nil, "fail"
//         a retryable error, "fatal" an error IsRetryable rejects; ms: how long the attempt takes
//         (the clock moves by it). An attempt past the script fails ("fail", 0 ms).
//       randoms: what Random() returns, call after call (0.5 once they run out).
//       cancelDuringSleep k: ctx is cancelled during the k-th sleep.
//       cancelAtStart true: ctx is already cancelled when Retry is called.
//     -> {outcome, ...the trace}, outcome one of
//          "ok"             value ("v<attempts>"), attempts, delaysMs   (from the Result)
//          "retry-error"    reason, attempts, delaysMs, lastErrorSame   (a *RetryError, found with errors.As)
//          "not-retryable" | "fn-error"   same, attempt               (an error fn returned, passed on)
//          "cancelled"      same                                       (ctx.Err())
//          "exception"      message                                    (any other error, or a panic)
//          "runaway"        more than 500 attempts or sleeps: the retry was abandoned
//        every reply but "runaway" and "exception" also carries result: {attempts, delaysMs}, the Result.
//        the trace: calls [{attempt, at}] (the number fn got, and when), sleeps [{ms, at}],
//        onRetry [{attempt, delayMs, errorSame}], randomCalls, elapsed (the clock at the end).
//   hammer {policy, tasks:[{script, randoms?}], defaultRandom?}
//       runs every task as its own Retry, each in its own goroutine, all at the same time, sharing
//       one Policy (each with its own Clock, Sleep and scripted Random). defaultRandom: Random is nil.
//     -> {results:[...one reply as for retry, per task, in order]}
// The wire (package lab/wire) answers an unknown op, a malformed line, and a panic in your code.
// stdout carries replies only: log to os.Stderr.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"lab/wire"
)

const runawayLimit = 500

type step struct {
	Outcome string   `json:"outcome"`
	Ms      *float64 `json:"ms"`
}

type policySpec struct {
	MaxAttempts int      `json:"maxAttempts"`
	BaseDelayMs float64  `json:"baseDelayMs"`
	MaxDelayMs  float64  `json:"maxDelayMs"`
	DeadlineMs  *float64 `json:"deadlineMs"`
	Predicate   bool     `json:"predicate"`
}

type task struct {
	Script            []step    `json:"script"`
	Randoms           []float64 `json:"randoms"`
	CancelDuringSleep int       `json:"cancelDuringSleep"`
	CancelAtStart     bool      `json:"cancelAtStart"`
}

type request struct {
	Policy            *policySpec `json:"policy"`
	Script            []step      `json:"script"`
	Randoms           []float64   `json:"randoms"`
	CancelDuringSleep int         `json:"cancelDuringSleep"`
	CancelAtStart     bool        `json:"cancelAtStart"`
	Tasks             []task      `json:"tasks"`
	DefaultRandom     bool        `json:"defaultRandom"`
}

type reply = wire.Reply

type retryableFailure struct{ attempt int }

func (e *retryableFailure) Error() string { return fmt.Sprintf("attempt %d: failed", e.attempt) }

type fatalFailure struct{ attempt int }

func (e *fatalFailure) Error() string { return fmt.Sprintf("attempt %d: not retryable", e.attempt) }

func toMs(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func delaysMs(ds []time.Duration) []float64 {
	out := make([]float64, 0, len(ds))
	for _, d := range ds {
		out = append(out, toMs(d))
	}
	return out
}

type abandoned struct{}

// runTask runs one Retry with a scripted fn, Random, Sleep and Clock, and describes what happened.
func runTask(base Policy, spec policySpec, t task, defaultRandom bool) (r reply) {
	clock := wire.NewClock()
	var calls, sleeps, onRetry []reply
	var produced []error
	randomCalls := 0
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	trace := func(r reply) reply {
		r["calls"], r["sleeps"], r["onRetry"] = orEmpty(calls), orEmpty(sleeps), orEmpty(onRetry)
		r["randomCalls"], r["elapsed"] = randomCalls, toMs(clock.Elapsed())
		return r
	}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(abandoned); ok {
				r = trace(reply{"outcome": "runaway"})
				return
			}
			r = trace(reply{"outcome": "exception", "message": fmt.Sprintf("panic: %v", p)})
		}
	}()

	p := base
	p.Clock = clock
	p.OnRetry = func(attempt int, delay time.Duration, err error) {
		same := attempt >= 1 && attempt <= len(produced) && produced[attempt-1] == err && err != nil
		onRetry = append(onRetry, reply{"attempt": attempt, "delayMs": toMs(delay), "errorSame": same})
	}
	p.Sleep = func(d time.Duration) {
		sleeps = append(sleeps, reply{"ms": toMs(d), "at": toMs(clock.Elapsed())})
		if len(sleeps) == t.CancelDuringSleep {
			cancel()
		}
		if len(sleeps) > runawayLimit {
			panic(abandoned{})
		}
		clock.Advance(d)
		runtime.Gosched()
	}
	if defaultRandom {
		p.Random = nil
	} else {
		p.Random = func() float64 {
			v := 0.5
			if randomCalls < len(t.Randoms) {
				v = t.Randoms[randomCalls]
			}
			randomCalls++
			return v
		}
	}
	fn := func(attempt int) error {
		calls = append(calls, reply{"attempt": attempt, "at": toMs(clock.Elapsed())})
		k := len(calls)
		if k > runawayLimit {
			panic(abandoned{})
		}
		s := step{Outcome: "fail"}
		if k <= len(t.Script) {
			s = t.Script[k-1]
		}
		if s.Ms != nil {
			clock.Advance(wire.Millis(*s.Ms))
		}
		runtime.Gosched()
		var err error
		switch s.Outcome {
		case "ok":
		case "fatal":
			err = &fatalFailure{k}
		default:
			err = &retryableFailure{k}
		}
		produced = append(produced, err)
		return err
	}

	if t.CancelAtStart {
		cancel()
	}
	res, err := Retry(ctx, fn, p)
	result := reply{"attempts": res.Attempts, "delaysMs": delaysMs(res.Delays)}
	var re *RetryError
	switch {
	case err == nil:
		return trace(reply{"outcome": "ok", "value": fmt.Sprintf("v%d", len(calls)), "attempts": res.Attempts, "delaysMs": delaysMs(res.Delays), "result": result})
	case errors.As(err, &re):
		last := error(nil)
		if len(produced) > 0 {
			last = produced[len(produced)-1]
		}
		return trace(reply{"outcome": "retry-error", "reason": re.Reason, "attempts": re.Attempts, "delaysMs": delaysMs(re.Delays),
			"lastErrorSame": last != nil && re.Err == last, "result": result})
	case err == context.Canceled:
		return trace(reply{"outcome": "cancelled", "same": true, "result": result})
	case errors.Is(err, context.Canceled):
		return trace(reply{"outcome": "cancelled", "same": false, "result": result})
	}
	for i, e := range produced {
		if e != nil && e == err {
			kind := "fn-error"
			if _, ok := e.(*fatalFailure); ok {
				kind = "not-retryable"
			}
			return trace(reply{"outcome": kind, "same": true, "attempt": i + 1, "result": result})
		}
	}
	var fatal *fatalFailure
	if errors.As(err, &fatal) {
		return trace(reply{"outcome": "not-retryable", "same": false, "message": err.Error(), "result": result})
	}
	var retryable *retryableFailure
	if errors.As(err, &retryable) {
		return trace(reply{"outcome": "fn-error", "same": false, "message": err.Error(), "result": result})
	}
	return trace(reply{"outcome": "exception", "message": err.Error()})
}

func orEmpty(list []reply) []reply {
	if list == nil {
		return []reply{}
	}
	return list
}

func basePolicy(spec policySpec) Policy {
	p := Policy{
		MaxAttempts: spec.MaxAttempts,
		BaseDelay:   wire.Millis(spec.BaseDelayMs),
		MaxDelay:    wire.Millis(spec.MaxDelayMs),
	}
	if spec.DeadlineMs != nil {
		p.Deadline = wire.Millis(*spec.DeadlineMs)
	}
	if spec.Predicate {
		p.IsRetryable = func(err error) bool {
			var fatal *fatalFailure
			return !errors.As(err, &fatal)
		}
	}
	return p
}

// fields reads the request's fields and the policy they must hold.
func fields(r *wire.Request) request {
	var req request
	r.Decode(&req)
	if req.Policy == nil {
		panic("policy missing")
	}
	return req
}

func main() {
	wire.Serve(map[string]wire.Operation{
		"retry": func(r *wire.Request) reply {
			req := fields(r)
			t := task{Script: req.Script, Randoms: req.Randoms, CancelDuringSleep: req.CancelDuringSleep, CancelAtStart: req.CancelAtStart}
			return runTask(basePolicy(*req.Policy), *req.Policy, t, false)
		},
		"hammer": func(r *wire.Request) reply {
			req := fields(r)
			shared := basePolicy(*req.Policy)
			results := make([]reply, len(req.Tasks))
			wire.Parallel(len(req.Tasks), func(i int) {
				results[i] = runTask(shared, *req.Policy, req.Tasks[i], req.DefaultRandom)
			})
			return reply{"results": results}
		},
	})
}
