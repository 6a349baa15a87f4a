import { checkPasswordShape, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '@nimbus/protocol';
import { Group, List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPoint, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface PasswordRulesProps {
  password: string;
  /** After a submit, unmet rules turn red instead of staying neutral. */
  showUnmet: boolean;
}

/** The password rules, each ticked off live as the user types; shared with phones through the protocol. */
export function PasswordRules({ password, showUnmet }: PasswordRulesProps) {
  const { t } = useTranslation();
  const shape = checkPasswordShape(password);
  return (
    <List spacing={4} mt={6} listStyleType="none" styles={{ itemWrapper: { alignItems: 'flex-start' } }}>
      {PASSWORD_RULES.map((rule) => {
        const met = shape[rule];
        const colour = met ? 'teal.8' : showUnmet ? 'red.9' : 'dimmed';
        return (
          <List.Item key={rule} data-rule={rule} data-met={met}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <ThemeIcon
                size={16}
                radius="xl"
                variant={met ? 'filled' : 'light'}
                color={met ? 'teal.8' : showUnmet ? 'red' : 'gray'}
                mt={2}
                aria-hidden="true"
              >
                {met ? (
                  <IconCheck size={12} stroke={3} />
                ) : showUnmet ? (
                  <IconX size={12} stroke={3} />
                ) : (
                  <IconPoint size={12} stroke={3} />
                )}
              </ThemeIcon>
              <Text size="sm" c={colour}>
                {t(`password.rules.${rule}`, { min: PASSWORD_MIN_LENGTH })}
                <VisuallyHidden>{met ? t('password.ruleMet') : t('password.ruleUnmet')}</VisuallyHidden>
              </Text>
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}
