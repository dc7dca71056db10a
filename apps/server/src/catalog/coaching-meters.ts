/**
 * The coaching product's meters, as its own procedures (voice, coach) use them. Other catalogs
 * lack them, and those procedures then answer "unknown meter".
 */
export const VOICE_SECONDS_METER = "ai_voice_seconds";
export const COACH_CALLS_METER = "coach_calls";
