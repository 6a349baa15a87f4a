import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAddressBook,
  IconCloudUpload,
  IconDeviceMobileSearch,
  IconMessages,
  IconPhoto,
  IconUserCircle,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The parts of Nimbus, in the order a person meets them; only the account exists so far. */
const PARTS: {
  key: 'account' | 'contactsCalendar' | 'messagesCalls' | 'gallery' | 'findDevice' | 'backup';
  icon: Icon;
  available?: boolean;
}[] = [
  { key: 'account', icon: IconUserCircle, available: true },
  { key: 'contactsCalendar', icon: IconAddressBook },
  { key: 'messagesCalls', icon: IconMessages },
  { key: 'gallery', icon: IconPhoto },
  { key: 'findDevice', icon: IconDeviceMobileSearch },
  { key: 'backup', icon: IconCloudUpload },
];

export function ProductGrid() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="product-title">
      <Title order={2} size="h3" id="product-title" mb="md">
        {t('home.productTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="md">
        {PARTS.map(({ key, icon: PartIcon, available = false }) => (
          <Card key={key} component="article">
            <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
              <ThemeIcon size={44} radius="md" variant="light">
                <PartIcon size={24} stroke={1.6} aria-hidden="true" />
              </ThemeIcon>
              <Badge variant="light" color={available ? 'teal.8' : 'gray'} radius="sm">
                {available ? t('home.available') : t('home.comingSoon')}
              </Badge>
            </Group>
            <Title order={3} size="h5" mb={6}>
              {t(`product.${key}.title`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`product.${key}.text`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}
