// For tests: does what the ALTCHA widget does in a browser.
import type { AltchaChallenge } from '@nimbus/protocol';
import { solveChallenge } from 'altcha-lib/v1';

/** The widget's payload for a challenge: base64 of JSON with the number found by brute force. */
export async function solveAltcha(challenge: AltchaChallenge): Promise<string> {
  const { promise } = solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber);
  const solution = await promise;
  if (solution === null) throw new Error('challenge not solvable');
  const { algorithm, salt, signature } = challenge;
  const payload = { algorithm, challenge: challenge.challenge, number: solution.number, salt, signature, took: 1 };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}
