import { Button, type ButtonProps } from '@mantine/core';
import { formatCountdown } from '../countdown';

interface CountdownButtonProps extends Omit<ButtonProps, 'children' | 'disabled'> {
  /** Seconds until it may be pressed again, from useCountdown; 0: now. */
  secondsLeft: number;
  /** What it does: "Resend code". */
  label: string;
  /** What it says while it waits, given the time left as "0:42": "Resend code in 0:42". */
  waitingLabel: (time: string) => string;
  onClick: () => void;
}

/**
 * "Resend code in 0:42": a button the server lets be pressed only after a wait, disabled until
 * then and telling how long, so nobody presses it to be refused.
 */
export function CountdownButton({ secondsLeft, label, waitingLabel, onClick, ...button }: CountdownButtonProps) {
  const waiting = secondsLeft > 0;
  return (
    <Button {...button} className="countdown-button" disabled={waiting} onClick={onClick}>
      {waiting ? waitingLabel(formatCountdown(secondsLeft)) : label}
    </Button>
  );
}
