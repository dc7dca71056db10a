import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { authClient } from "../lib/auth-client";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { LogoMark } from "../ui/logo";

const MIN_PASSWORD_LENGTH = 8;

/** Sign in and sign up with email and password (better-auth under /api/auth). */
export default function SignInPage({ mode }: { mode: "sign-in" | "sign-up" }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signingUp = mode === "sign-up";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const result = signingUp
      ? await authClient.signUp.email({ name: name.trim() || email, email, password })
      : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (result.error) {
      setError(result.error.message ?? "That did not work. Check your details and try again.");
    }
    // On success the session store updates and the app renders the dashboard.
  }

  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span className="inline-block">
            <LogoMark size="lg" />
          </span>
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">
            {signingUp ? "Create your account" : "Sign in to Tally"}
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            {signingUp
              ? "Start on the free plan; upgrade whenever you need more."
              : "Your plan, usage and invoices in one place."}
          </p>
        </div>
        <form
          onSubmit={(event) => void submit(event)}
          className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
          aria-describedby={error ? "auth-error" : undefined}
        >
          {signingUp && (
            <TextField
              label="Name"
              name="name"
              autoComplete="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete={signingUp ? "new-password" : "current-password"}
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={signingUp ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {error && (
            <p
              id="auth-error"
              role="alert"
              className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
            >
              {error}
            </p>
          )}
          <Button type="submit" className="w-full" busy={busy}>
            {signingUp ? "Create account" : "Sign in"}
          </Button>
        </form>
        <p className="mt-6 text-center text-sm text-slate-500">
          {signingUp ? "Already have an account? " : "New to Tally? "}
          <Link
            to={signingUp ? "/sign-in" : "/sign-up"}
            className="font-medium text-brand-700 hover:text-brand-800"
          >
            {signingUp ? "Sign in" : "Create an account"}
          </Link>
        </p>
      </div>
    </main>
  );
}
