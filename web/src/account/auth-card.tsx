import { Card, Center, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { CloudLogo } from '../layout/cloud-logo';

interface AuthCardProps {
  /** What the page is about (a letter, a shield…); the Nimbus mark when absent. */
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Under the card: "Already have an account? Sign in" and the like. */
  footer?: ReactNode;
}

/** The frame of sign-up, sign-in and activation: one focused card in the middle of the page. */
export function AuthCard({ icon, title, description, children, footer }: AuthCardProps) {
  return (
    <Center py={{ base: 0, sm: 32 }}>
      <Stack w="100%" maw={460} gap="md">
        <Card p={{ base: 'lg', xs: 36 }} shadow="xs">
          <Stack gap="lg">
            <Stack gap={8} align="flex-start">
              {icon ?? <CloudLogo size={40} />}
              <Title order={1} size="h2" mt={4}>
                {title}
              </Title>
              {description !== undefined && <Text c="dimmed">{description}</Text>}
            </Stack>
            {children}
          </Stack>
        </Card>
        {footer !== undefined && (
          <Text ta="center" size="sm">
            {footer}
          </Text>
        )}
      </Stack>
    </Center>
  );
}
