import type { CaptchaChallenge } from '@nimbus/protocol';
import { solveChallenge } from 'altcha-lib/v1';

/**
 * Answers the server's captcha the way a phone would: ALTCHA is proof of work, which a device
 * can do itself; an image captcha needs a person at a screen, so the portal must be used.
 */
export async function solveCaptcha(challenge: CaptchaChallenge): Promise<string | undefined> {
  switch (challenge.kind) {
    case 'off':
      return undefined;
    case 'image':
      throw new Error('this server asks for an image captcha: create the account in the portal instead');
    case 'altcha': {
      const { algorithm, salt, signature, maxnumber } = challenge.challenge;
      const solution = await solveChallenge(challenge.challenge.challenge, salt, algorithm, maxnumber).promise;
      if (solution === null) throw new Error('could not solve the captcha');
      const payload = {
        algorithm,
        challenge: challenge.challenge.challenge,
        number: solution.number,
        salt,
        signature,
        took: solution.took,
      };
      return Buffer.from(JSON.stringify(payload)).toString('base64');
    }
  }
}
