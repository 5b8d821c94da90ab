import type { Account, CardRow } from '../../../src/db/schema';
import { activationAllowed, isUsable, maskedNumber, type CardStatus } from '../../../src/domain/credit/card-status';

export const CARD_PANEL_ID = 'card-panel';

/** What the panel shows besides the cards: a number just revealed, or a form's outcome. */
export interface CardPanelState {
  revealed?: { cardId: string; pan: string; expiry: string } | undefined;
  /** Per card: an error or notice from the last reveal or activation attempt. */
  messages?: Record<string, { error?: string; notice?: string }> | undefined;
}

const groups = (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1 ');

/** The cards on a credit card account: the card image, masked number, reveal and activation. */
export function CardPanel({ account, cards, issuer, state = {}, maxActivationAttempts }: { account: Account; cards: CardRow[]; issuer: string; state?: CardPanelState; maxActivationAttempts: number }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/cards`;
  return (
    <section id={CARD_PANEL_ID} aria-labelledby="cards-title">
      <h2 id="cards-title">{cards.length === 1 ? 'Your card' : 'Your cards'}</h2>
      {cards.length === 0 ? <p class="muted">No card has been issued on this account yet.</p> : null}
      {cards.map((card) => {
        const status = card.status as CardStatus;
        const revealed = state.revealed?.cardId === card.id ? state.revealed : undefined;
        const message = state.messages?.[card.id];
        // After a refused attempt the field with the problem gets focus again (htmx focuses [autofocus] after a swap).
        const retry = message?.error ? (activationAllowed(status) ? 'ssn' : 'password') : null;
        const locked = card.activationFailures >= maxActivationAttempts;
        const expiry = `${String(card.expiryMonth).padStart(2, '0')}/${String(card.expiryYear).slice(-2)}`;
        return (
          <div class="card-panel">
            <figure class="bank-card" aria-label={`${issuer} card ending in ${card.last4}`}>
              <div class="card-issuer">{issuer}</div>
              <div class="card-chip" aria-hidden="true"></div>
              <p class="card-number">{revealed ? groups(revealed.pan) : maskedNumber(card.last4)}</p>
              <div class="card-meta">
                <span>{card.nameOnCard}</span>
                <span>
                  <span class="visually-hidden">Expires </span>
                  {revealed ? revealed.expiry : expiry}
                </span>
              </div>
            </figure>
            <div>
              <p>
                Status: <span class="status-badge">{status}</span>
              </p>
              {message?.notice ? (
                <p class="alert alert-success" role="status">
                  {message.notice}
                </p>
              ) : null}
              {message?.error ? (
                <p class="alert alert-error" role="alert" id={`card-msg-${card.id}`}>
                  {message.error}
                </p>
              ) : null}
              {isUsable(status) && !revealed ? (
                <form method="post" action={`${base}/${encodeURIComponent(card.id)}/reveal`} hx-post={`${base}/${encodeURIComponent(card.id)}/reveal`} hx-target={`#${CARD_PANEL_ID}`} hx-swap="outerHTML" novalidate>
                  <p>To see the full card number, confirm it is you.</p>
                  <div class="field">
                    <label for={`f-reveal-${card.id}`}>Your password</label>
                    <input id={`f-reveal-${card.id}`} name="password" type="password" autocomplete="current-password" required maxlength={256} autofocus={retry === 'password' || undefined} aria-invalid={retry === 'password' ? 'true' : undefined} aria-describedby={retry === 'password' ? `card-msg-${card.id}` : undefined} />
                  </div>
                  <button type="submit">Show card number</button>
                </form>
              ) : null}
              {revealed ? <p class="muted">The number is shown on this page only; reload to hide it.</p> : null}
              {activationAllowed(status) && !locked ? (
                <details open={message?.error ? true : undefined}>
                  <summary>Activate now</summary>
                  <form method="post" action={`${base}/${encodeURIComponent(card.id)}/activate`} hx-post={`${base}/${encodeURIComponent(card.id)}/activate`} hx-target={`#${CARD_PANEL_ID}`} hx-swap="outerHTML" novalidate autocomplete="off">
                    <p>To activate the card ending in {card.last4}, enter your Social Security number. We compare it with the one on file.</p>
                    <div class="field">
                      <label for={`f-ssn-${card.id}`}>Social Security number</label>
                      <input id={`f-ssn-${card.id}`} name="ssn" type="password" inputmode="numeric" autocomplete="off" required maxlength={11} aria-describedby={`f-ssn-${card.id}-hint${retry === 'ssn' ? ` card-msg-${card.id}` : ''}`} autofocus={retry === 'ssn' || undefined} aria-invalid={retry === 'ssn' ? 'true' : undefined} />
                      <p class="hint" id={`f-ssn-${card.id}-hint`}>
                        Nine digits; dashes are fine.
                      </p>
                    </div>
                    <button type="submit">Activate card</button>
                  </form>
                </details>
              ) : null}
              {activationAllowed(status) && locked ? (
                <p class="alert alert-error" role="alert">
                  Online activation is locked after {maxActivationAttempts} numbers that did not match. Please call us to activate this card.
                </p>
              ) : null}
            </div>
          </div>
        );
      })}
    </section>
  );
}
