package consentry.peer;

import java.util.List;

/**
 * The three rules in the peer profile, after consentry's detectors (detectors/consent_lookup.cc,
 * consent_standing.cc, withdrawal_timing.cc, frequency_cap/frequency_cap.cc): pure functions.
 *
 * <p>Policy: the built-in EU policy (the profile's jurisdiction is DK): marketing by electronic
 * mail (every channel but letter) needs prior consent; transactional and account purposes
 * ("essential.*") need none; a withdrawal must be honoured within 48 h of calendar time. Every
 * grant in the profile is live (legal_basis consent, first party, no expires_at), so the walk
 * over the covering decisions stops at the first grant or withdrawal.
 */
final class Rules {
  private Rules() {}

  static final String MISSING = "consent.missing";
  static final String WITHDRAWN = "consent.withdrawn";
  static final String FREQUENCY = "frequency.cap";

  /** EU policy: recorded_at + 48 h; a message exactly at the deadline is late. */
  static final long WITHDRAWAL_WINDOW_MICROS = 48L * 3600 * 1_000_000;

  /** A tenant's cap: at most max messages in scope in (t - window, t], t = sent_at in seconds. */
  record Cap(String tenant, int max, long windowSeconds, int channels, List<String> purposes) {
    boolean covers(int channelBit, String purpose) {
      if ((channels & (State.ALL_CHANNELS | channelBit)) == 0) return false;
      for (String p : purposes) {
        if (Rules.covers(p, purpose)) return true;
      }
      return false;
    }

    /** "acme:3:86400": tenant, max, window in seconds; any channel, purposes [marketing]. */
    static Cap parse(String spec) {
      String[] f = spec.split(":");
      if (f.length != 3) throw new IllegalArgumentException("--cap TENANT:MAX:WINDOW_SECONDS, not " + spec);
      return new Cap(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), State.ALL_CHANNELS,
                     List.of("marketing"));
    }
  }

  /** A granted purpose covers itself and its descendants in the dot path, textually. */
  static boolean covers(String granted, String purpose) {
    return purpose.startsWith(granted)
        && (purpose.length() == granted.length() || purpose.charAt(granted.length()) == '.');
  }

  static boolean isMarketing(String purpose) { return covers("marketing", purpose); }

  /** Built-in taxonomy and EU policy: does this message need prior consent? */
  static boolean consentNeeded(int channelBit, String purpose) {
    if (isMarketing(purpose)) return channelBit != State.channelBit("letter");
    return !covers("essential", purpose);  // other purposes need consent (strict)
  }

  /**
   * consent.missing, consent.withdrawn or null. Walks the subject's decisions of the message's
   * tenant recorded at or before sent_at, latest first; the first one covering the message
   * (channel or "*", a purpose equal to or an ancestor of the message's; an objection only for
   * marketing) decides: a grant is consent, a withdrawal or objection withdraws it.
   */
  static String consentFinding(Events.Outbound m, int channelBit, State.Ledger ledger) {
    boolean needed = consentNeeded(channelBit, m.purpose);
    boolean marketing = isMarketing(m.purpose);
    if (ledger != null) {
      List<State.Decision> ds = ledger.decisions;
      for (int i = ds.size() - 1; i >= 0; i--) {
        State.Decision d = ds.get(i);
        if (d.recordedAt() > m.sentAtMicros || !d.tenant().equals(m.tenant)) continue;
        if (!d.hasChannel(channelBit)) continue;
        if (d.action() == State.OBJECT && !marketing) continue;
        boolean purposeCovered = false;
        for (String p : d.purposes()) {
          if (covers(p, m.purpose)) {
            purposeCovered = true;
            break;
          }
        }
        if (!purposeCovered) continue;
        switch (d.action()) {
          case State.GRANT:
            return null;
          case State.WITHDRAW:
          case State.OBJECT:
            // A withdrawal cannot withdraw what never rested on consent (a receipt).
            if (!needed && !marketing) return null;
            return m.sentAtMicros >= d.recordedAt() + WITHDRAWAL_WINDOW_MICROS ? WITHDRAWN : null;
          default:
            throw new IllegalStateException("expire decisions are outside the peer profile");
        }
      }
    }
    return needed ? MISSING : null;
  }

  /** The count of cap for a message at `second` (this message already in `sent`). */
  static int count(Rules.Cap cap, String tenant, long second, List<State.Sent> sent) {
    int n = 0;
    for (State.Sent s : sent) {
      if (s.second() > second - cap.windowSeconds() && s.second() <= second
          && s.tenant().equals(tenant) && cap.covers(s.channel(), s.purpose())) {
        n++;
      }
    }
    return n;
  }
}
