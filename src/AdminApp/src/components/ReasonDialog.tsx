import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { localInputToOffsetIso, timeZoneLabel } from '../lib/format';

export interface ReasonResult {
  fields: Record<string, string>;
  messages: string[];
}

/** A dialog asking for a reason (and optionally a rollout time) before an action. */
export function ReasonDialog({
  title,
  confirmLabel,
  children,
  withSchedule = false,
  danger = false,
  onClose,
  onConfirm,
}: {
  title: string;
  confirmLabel: string;
  children?: ReactNode;
  withSchedule?: boolean;
  danger?: boolean;
  onClose(): void;
  /** Resolves to errors to show, or null when done. */
  onConfirm(reason: string, scheduledAt: string | null): Promise<ReasonResult | null>;
}) {
  const [reason, setReason] = useState('');
  const [later, setLater] = useState(false);
  const [schedule, setSchedule] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ReasonResult>({ fields: {}, messages: [] });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const scheduledAt = withSchedule && later ? localInputToOffsetIso(schedule) : null;
    if (withSchedule && later && !scheduledAt) {
      setErrors({ fields: { scheduledRolloutAt: 'Enter a valid date and time.' }, messages: [] });
      return;
    }
    setBusy(true);
    const result = await onConfirm(reason, scheduledAt);
    setBusy(false);
    if (result) setErrors(result);
  };
  const otherFields = Object.entries(errors.fields).filter(([k]) => k !== 'reason' && k !== 'scheduledRolloutAt').map(([, v]) => v);

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': 'Close' }} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {children}
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.fields.reason} required autosize minRows={2} data-autofocus />
          {withSchedule && (
            <>
              <Checkbox label="Schedule for later" checked={later} onChange={(e) => setLater(e.currentTarget.checked)} />
              {later && (
                <TextInput
                  type="datetime-local"
                  label="Schedule rollout"
                  description={`Time zone: ${timeZoneLabel()}`}
                  value={schedule}
                  onChange={(e) => setSchedule(e.currentTarget.value)}
                  error={errors.fields.scheduledRolloutAt}
                />
              )}
            </>
          )}
          {(errors.messages.length > 0 || otherFields.length > 0) && (
            <Alert role="alert" color="red" title="Not done">
              <Text size="sm">{[...errors.messages, ...otherFields].join(' ')}</Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy} color={danger ? 'red.9' : undefined}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
